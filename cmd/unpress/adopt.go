package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/unpress/unpress/output"
)

// cmdAdopt makes files the person's (output.Adopt). Paths are found in
// the output folder they lie in, as git finds its repository, so that it
// runs from the site's folder: unpress adopt content/posts/about.md.
func cmdAdopt(_ context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("adopt", "unpress adopt PATH...", stderr)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitError, err
	}
	if len(pos) == 0 {
		fs.Usage()
		return exitError, errors.New("adopt: name the files to take over")
	}
	byRoot := map[string][]string{}
	var roots []string
	for _, p := range pos {
		root, rel, err := output.FindRoot(p)
		if err != nil {
			return exitError, err
		}
		if _, seen := byRoot[root]; !seen {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], rel)
	}
	for _, root := range roots {
		if err := output.Adopt(root, byRoot[root]); err != nil {
			return exitError, err
		}
		for _, rel := range byRoot[root] {
			fmt.Fprintf(stdout, "adopted %s: unpress will not touch it again\n", output.EscapeControls(rel))
		}
	}
	return exitOK, nil
}
