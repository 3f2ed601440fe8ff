// Vite's `?url` imports (the reel test fetches its MP4 fixtures from the test server).
declare module '*?url' {
  const url: string;
  export default url;
}
