document.body.textContent = 'SpecFlow';
