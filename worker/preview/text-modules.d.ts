// Text modules (wrangler's default rule for *.txt): the file's contents as a string. The
// visual-editing overlay (overlay.gen.txt, written by studio/scripts/build-overlay.ts) is one.
declare module '*.txt' {
  const text: string
  export default text
}
