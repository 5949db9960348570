package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/unpress/unpress/output"
)

var update = flag.Bool("update", false, "rewrite the expected outputs under fixtures/expected")

// readTree returns every file under root, by slash path.
func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return files
}

// fixtureTime is the modification time fixedTimes gives a mirror's files.
var fixtureTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// fixedTimes copies a mirror folder and dates every file fixtureTime: the
// manifest's first- and last-seen times of a mirror are its files' times,
// which a checkout sets to the time of the checkout.
func fixedTimes(t *testing.T, dir string) string {
	t.Helper()
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, fixtureTime, fixtureTime)
	})
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// checkBases checks that every text file unpress wrote has its base (what
// it wrote, for three-way merges) in the base store, and takes the store
// out of tree: its files repeat the others'.
func checkBases(t *testing.T, tree map[string][]byte) {
	t.Helper()
	var m output.Manifest
	if err := json.Unmarshal(tree[output.ManifestPath], &m); err != nil {
		t.Fatal(err)
	}
	for rel, sum := range m.Files {
		data := tree[rel]
		if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
			continue // media are not merged
		}
		if base, ok := tree[path.Join(output.BasePath, sum[:2], sum)]; !ok || !bytes.Equal(base, data) {
			t.Errorf("%s: no base for it in %s", rel, output.BasePath)
		}
	}
	for rel := range tree {
		if strings.HasPrefix(rel, output.BasePath+"/") {
			delete(tree, rel)
		}
	}
}

// TestFixtureSiteGolden migrates the bundled fixture site with every
// preset and compares the whole output folder, byte for byte, with
// fixtures/expected/<preset>/. go test ./cmd/unpress -update rewrites them:
// read every diff before committing it.
func TestFixtureSiteGolden(t *testing.T) {
	for _, preset := range []string{"decap", "hugo"} {
		t.Run(preset, func(t *testing.T) {
			out := t.TempDir()
			site := fixedTimes(t, "../../fixtures/site")
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"migrate", "--from", site, "--out", out, "--preset", preset, "--quiet"}, nil, &stdout, &stderr)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			got := readTree(t, out)
			checkBases(t, got)
			assertNoDangling(t, got, preset)
			dir := filepath.Join("../../fixtures/expected", preset)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				for rel, data := range got {
					p := filepath.Join(dir, filepath.FromSlash(rel))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := readTree(t, dir)
			if len(want) == 0 {
				t.Fatalf("no expected files in %s: run go test ./cmd/unpress -run Golden -update", dir)
			}
			for rel, w := range want {
				g, ok := got[rel]
				switch {
				case !ok:
					t.Errorf("%s: expected file not written", rel)
				case !bytes.Equal(g, w):
					t.Errorf("%s differs from the expected output:\n%s", rel, lineDiff(string(w), string(g)))
				}
			}
			for rel := range got {
				if _, ok := want[rel]; !ok {
					t.Errorf("%s: written but not expected", rel)
				}
			}

			// A second run over the same folder changes nothing.
			code = run(context.Background(), []string{"migrate", "--from", site, "--out", out, "--preset", preset, "--quiet"}, nil, &stdout, &stderr)
			if code != exitOK {
				t.Fatalf("second run: exit %d: %s", code, stderr.String())
			}
			again := readTree(t, out)
			for rel, data := range got {
				if rel == ".unpress/report.json" {
					// It says what this run did: everything unchanged.
					if r := string(again[rel]); strings.Contains(r, `"write": "created"`) || !strings.Contains(r, `"write": "unchanged"`) {
						t.Errorf("second run's report does not say every file was unchanged:\n%s", r)
					}
					continue
				}
				if rel == ".unpress/report.html" {
					// The review page too.
					if r := string(again[rel]); strings.Contains(r, `"created"`) || !strings.Contains(r, `"unchanged"`) {
						t.Errorf("second run's review page does not say every file was unchanged")
					}
					continue
				}
				if !bytes.Equal(again[rel], data) {
					t.Errorf("%s changed on a second run", rel)
				}
			}
		})
	}
}

// lineDiff shows the first lines that differ, enough to read a failure.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 8; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			b.WriteString("  line " + strconv.Itoa(i+1) + "\n    want: " + w + "\n    got:  " + g + "\n")
			shown++
		}
	}
	return b.String()
}

// The output does not depend on how many workers made it: one worker and
// eight give the same bytes, report included, for every page of the
// fixture site and of the WordPress corpus themes when present.
func TestWorkersDeterministic(t *testing.T) {
	sites := []string{"../../fixtures/site"}
	if _, err := os.Stat(filepath.Join(corpusDir, "wordpress", "twentynineteen")); err == nil {
		sites = append(sites, filepath.Join(corpusDir, "wordpress", "twentynineteen"))
	}
	for _, site := range sites {
		var trees []map[string][]byte
		for _, workers := range []string{"1", "8"} {
			out := t.TempDir()
			var stderr bytes.Buffer
			if code := run(context.Background(), []string{"migrate", "--from", site, "--out", out, "--quiet", "--workers", workers}, nil, &bytes.Buffer{}, &stderr); code != exitOK {
				t.Fatalf("%s, %s workers: exit %d: %s", site, workers, code, stderr.String())
			}
			trees = append(trees, readTree(t, out))
		}
		if len(trees[0]) < 10 {
			t.Fatalf("%s: only %d files", site, len(trees[0]))
		}
		for name, data := range trees[0] {
			if !bytes.Equal(data, trees[1][name]) {
				t.Errorf("%s: %s differs between 1 and 8 workers", site, name)
			}
		}
		if len(trees[0]) != len(trees[1]) {
			t.Errorf("%s: %d files with 1 worker, %d with 8", site, len(trees[0]), len(trees[1]))
		}
	}
}
