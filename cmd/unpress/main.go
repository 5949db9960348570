// Command unpress migrates a legacy WordPress-style site to Markdown files
// with YAML front matter for static-site generators.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/unpress/unpress/cmd/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes, in one place.
const (
	exitOK          = 0
	exitError       = 1 // bad usage, unreadable input, or nothing could run
	exitChanges     = 2 // dry run and fixture diffs: changes pending
	exitPageErrors  = 3 // the run finished, but some pages failed or conflicted
	exitInterrupted = 130
)

// memoryLimit is the soft limit on the Go runtime's memory unless
// GOMEMLIMIT says otherwise. A migration's live data is small (pages in
// flight, a few addresses per post: see scrape/spill), but parsing
// makes garbage fast and the collector by default lets the heap grow to
// twice the live data before it runs; the limit makes it run sooner on a
// big site instead, keeping the process near the 150 MB it is checked
// against (TestMemoryBound) at the cost of collector time.
const memoryLimit = 100 << 20

func main() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
	// Over a file-size limit (ulimit -f), a write then fails with EFBIG,
	// which names the file and lets the run go on and save what it knows,
	// instead of the signal killing the process mid-write.
	signal.Ignore(syscall.SIGXFSZ)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program, with its streams passed in so that tests can
// drive every command in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	code := exitOK
	root := newRoot(ctx, stdout, stderr, &code)
	root.SetArgs(cli.GoStyleFlags(root, args))
	c, err := root.ExecuteC()
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "unpress: interrupted")
		return exitInterrupted
	case err != nil:
		cli.PrintError(stderr, c, err)
		if code != exitOK {
			return code // the command said which failure it was
		}
		return exitError
	}
	return code
}
