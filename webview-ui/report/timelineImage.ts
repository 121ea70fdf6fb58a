// The report's SVG timeline as an <img> data URL: the browser draws it as a picture, so no markup from the
// report ever enters the page (and the CSP's img-src already allows data:). Encoded once per picture.
let memo: { svg: string; url: string } | undefined;

/** UTF-8 bytes → base64, in chunks (a 2 MB picture would overflow the argument list of one call). */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function svgDataUrl(svg: string): string {
  if (memo?.svg !== svg) memo = { svg, url: `data:image/svg+xml;base64,${base64(svg)}` };
  return memo.url;
}
