// Vite's `?raw` imports (the tests compare the snippets with the README's embed section).
declare module '*?raw' {
  const text: string;
  export default text;
}
