// Written by studio/scripts/build-overlay.ts (not committed): the @sanity/visual-editing
// bundle the Presentation preview pages load, as a string.
declare const source: string
export default source
