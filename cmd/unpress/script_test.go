package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary stand in for the unpress command: scripts
// run it with "exec unpress ...", in a process of its own, so that exit
// codes, stdout and stderr are the real ones.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"unpress": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs testdata/script/*.txtar. Each archive holds a tiny
// mirrored WordPress site and the exact files unpress must write for it.
// UPDATE_SCRIPTS=1 go test ./cmd/unpress -run TestScripts rewrites the
// expected files in the archives from the real output: read every diff
// before committing it.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"binfile":      cmdBinfile,
			"exits":        cmdExits,
			"filelist":     cmdFilelist,
			"readmescript": cmdReadmeScript,
		},
	})
}

// cmdBinfile writes a file that starts like a PNG image, NUL bytes
// included, which a txtar archive cannot hold:
//
//	binfile site/2021/06/01/broken/index.html
func cmdBinfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: binfile FILE")
	}
	name := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(name), 0o755))
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x09\x08\x02\x00\x00\x00")
	ts.Check(os.WriteFile(name, png, 0o644))
}

// cmdFilelist prints the sorted slash paths of the regular files under
// DIR, one a line, for "cmp stdout" against the expected list. The script
// engine's own temporary folder ($WORK/.tmp) is left out, and the base
// store's files are counted on a last line.
//
//	filelist DIR
func cmdFilelist(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: filelist DIR")
	}
	root := ts.MkAbs(args[0])
	tmp := filepath.Join(ts.Getenv("WORK"), ".tmp")
	var list []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && p == tmp:
			return filepath.SkipDir
		case d.IsDir():
			return nil
		}
		rel, err := filepath.Rel(root, p)
		list = append(list, filepath.ToSlash(rel))
		return err
	})
	ts.Check(err)
	slices.Sort(list)
	bases := map[string]int{}
	var folders []string
	for _, f := range list {
		// The base store's files are named by their hashes: counted, not
		// listed.
		if i := strings.Index(f, ".unpress/base/"); i >= 0 {
			dir := f[:i+len(".unpress/base/")]
			if bases[dir] == 0 {
				folders = append(folders, dir)
			}
			bases[dir]++
			continue
		}
		fmt.Fprintln(ts.Stdout(), f)
	}
	for _, dir := range folders {
		fmt.Fprintf(ts.Stdout(), "%s: %d\n", dir, bases[dir])
	}
}

// cmdReadmeScript writes the README's nightly re-sync script to FILE, as
// the README has it but for what a test must change: the site's folder
// ($NEWSITE), the legacy site ($LEGACY, a mirror) and --offline (a mirror
// has no crawl cache to read again). A README whose script no longer has
// those fails the test, so the script tested is the one users copy.
//
//	readmescript FILE
func cmdReadmeScript(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: readmescript FILE")
	}
	readme, err := os.ReadFile("../../README.md")
	ts.Check(err)
	_, rest, ok := strings.Cut(string(readme), "### A nightly re-sync\n")
	if !ok {
		ts.Fatalf("README.md has no nightly re-sync section")
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	script, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 {
		ts.Fatalf("README.md's re-sync section has no sh block")
	}
	for _, r := range [][2]string{
		{"cd /srv/new-site", `cd "$NEWSITE"`},
		{"https://legacy.example.org/", `"$LEGACY"`},
		{" --offline", ""},
	} {
		if !strings.Contains(script, r[0]) {
			ts.Fatalf("README.md's re-sync script has no %q", r[0])
		}
		script = strings.ReplaceAll(script, r[0], r[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(script), 0o755))
}

// cmdExits runs a command like exec and checks its exact exit code, which
// exec cannot ("! exec" accepts any failure). Its stdout and stderr are
// left for the stdout and stderr commands that follow.
//
//	exits 3 unpress migrate --from site --out out
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	var exitErr *exec.ExitError
	if err := ts.Exec(args[1], args[2:]...); errors.As(err, &exitErr) {
		got = exitErr.ExitCode()
	} else if err != nil {
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}
