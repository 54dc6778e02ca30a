// How the bench and load runners end: with the exit code their main returns, or with 2 after
// printing the error when the run itself threw, so a broken harness never reads as a result.
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error)
      process.exit(2)
    },
  )
}
