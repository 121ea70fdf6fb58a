// esbuild.mjs loads .css files with the text loader: importing one gives its source as a string.
declare module '*.css' {
  const css: string;
  export default css;
}
