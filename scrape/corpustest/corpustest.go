// Package corpustest finds and reads the shared corpus of real WordPress
// output (a site rendered by several themes, its export, its REST API and
// truth.json, what each post really holds) for tests. The corpus sits
// beside the repository checkout, in ../shared/corpus: it is there in CI
// and on developers' machines and absent in a user's clone, so the tests
// that need it skip cleanly without it. Nothing outside tests uses it.
package corpustest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Dir is the corpus folder, whether or not it is there: ../shared/corpus
// from the module root (the nearest folder up from the test's own that
// holds go.mod), relative to the test's folder, so that paths the tests
// print or write into output stay the same on every machine.
func Dir() string {
	dir, err := os.Getwd()
	if err != nil {
		return filepath.Join("..", "shared", "corpus")
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			abs := filepath.Join(d, "..", "shared", "corpus")
			if rel, err := filepath.Rel(dir, abs); err == nil {
				return rel
			}
			return abs
		}
		if filepath.Dir(d) == d {
			return filepath.Join(dir, "..", "shared", "corpus")
		}
	}
}

// Path returns the corpus file or folder rel (slash-separated), or skips
// the test when it is not there.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		tb.Skip("shared corpus not present: skipping")
	}
	return p
}

// ReadJSON decodes the corpus file rel into v, skipping the test when the
// file is not there.
func ReadJSON(tb testing.TB, rel string, v any) {
	tb.Helper()
	data, err := os.ReadFile(Path(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		tb.Fatalf("%s: %v", rel, err)
	}
}

// Truth decodes the corpus's wordpress/truth.json, one entry per post and
// page, into v: each test names the fields it reads.
func Truth(tb testing.TB, v any) { ReadJSON(tb, "wordpress/truth.json", v) }
