package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unpress/unpress/output"
)

// runPost is a saved single post of a classic WordPress theme.
func runPost(id, slug, title, datetime, body string) string {
	return `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>` + title + ` &#8211; Run Blog</title>
<link rel="canonical" href="https://run.example.org/2022/02/0` + id + `/` + slug + `/">
</head>
<body class="post-template-default single single-post postid-` + id + ` single-format-standard">
<article class="post-` + id + ` post type-post status-publish hentry">
<header class="entry-header"><h1 class="entry-title">` + title + `</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published updated" datetime="` + datetime + `">Feb 2022</time></span>
<span class="byline"><span class="author vcard"><a class="url fn n" href="https://run.example.org/author/ada/">Ada</a></span></span></div></header>
<div class="entry-content"><p>` + body + `</p></div>
<footer class="entry-footer"><span class="cat-links"><a href="https://run.example.org/category/notes/" rel="category tag">Notes</a></span></footer>
</article>
</body></html>
`
}

// runSite writes a two-post mirror under a new temporary folder and
// returns the folder.
func runSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	runWriteFile(t, filepath.Join(dir, "2022", "02", "01", "alpha", "index.html"),
		runPost("1", "alpha", "Alpha", "2022-02-01T10:00:00+00:00", "The first post."))
	runWriteFile(t, filepath.Join(dir, "2022", "02", "02", "beta", "index.html"),
		runPost("2", "beta", "Beta", "2022-02-02T10:00:00+00:00", "The second post."))
	return dir
}

func runWriteFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runCmd calls run in-process and returns its exit code and streams.
func runCmd(ctx context.Context, args ...string) (code int, stdout, stderr string) {
	var out, errs bytes.Buffer
	code = run(ctx, args, strings.NewReader(""), &out, &errs)
	return code, out.String(), errs.String()
}

// TestRunExitCodes drives every exit path of run in-process: 0 for
// success and help, 1 for usage errors and unusable input, 2 for a dry run
// with changes pending, 3 for a run that finished with failed or
// conflicting pages (130, interrupted, is TestRunInterrupted).
func TestRunExitCodes(t *testing.T) {
	site := runSite(t)
	alpha := filepath.Join(site, "2022", "02", "01", "alpha", "index.html")

	// A mirror with an image saved under an .html name beside the posts.
	withBinary := runSite(t)
	runWriteFile(t, filepath.Join(withBinary, "2022", "02", "03", "gamma", "index.html"), "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

	configs := t.TempDir()
	typo := filepath.Join(configs, "typo.yaml")
	runWriteFile(t, typo, "rename:\n  tags: {}\ntagz: [a]\n")
	good := filepath.Join(configs, "good.yaml")
	runWriteFile(t, good, "preset: hugo\nrename:\n  authors:\n    Ada: Ada Lovelace\n")

	missing := filepath.Join(t.TempDir(), "no-such-site")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // a part of stdout; "" for none at all
		stderr     string // a part of stderr; "" for none at all
		anyStdout  bool   // stdout is not checked for emptiness
		anyStderr  bool   // stderr is not checked for emptiness
		wantOutput string // a file that must exist under the output folder
	}{
		{name: "version", args: []string{"version"}, code: exitOK, stdout: "unpress " + version},
		{name: "help", args: []string{"--help"}, code: exitOK, stdout: "Usage:\n  unpress [flags]\n  unpress [command]\n"},
		{name: "help command", args: []string{"help"}, code: exitOK, stdout: "Usage:"},
		{name: "migrate help", args: []string{"migrate", "--help"}, code: exitOK, stdout: "Usage:\n  unpress migrate --from SITE --out DIR [flags]\n"},
		{name: "help migrate", args: []string{"help", "migrate"}, code: exitOK, stdout: "Usage:\n  unpress migrate --from SITE --out DIR [flags]\n"},
		{name: "extract help", args: []string{"extract", "-h"}, code: exitOK, stdout: "Usage:\n  unpress extract [flags] FILE\n"},
		{name: "Go-style help", args: []string{"-help"}, code: exitOK, stdout: "Usage:\n  unpress [flags]"},

		{name: "no command", args: nil, code: exitError, stderr: "Usage:"},
		{name: "unknown command", args: []string{"frobnicate"}, code: exitError, stderr: "unpress: unknown command \"frobnicate\"\nRun 'unpress --help' for usage.\n"},
		{name: "bad flag", args: []string{"migrate", "--bogus"}, code: exitError, stderr: "unpress: unknown flag: --bogus\nRun 'unpress migrate --help' for usage.\n"},
		{name: "flag without value", args: []string{"migrate", "--from"}, code: exitError, stderr: "unpress: flag needs an argument: --from\n"},
		{name: "Go-style flags", args: []string{"migrate", "-from", site, "-out", "OUT", "-quiet"}, code: exitOK, wantOutput: ".unpress/report.json"},
		{name: "migrate without folders", args: []string{"migrate"}, code: exitError, stderr: "unpress: migrate: --from and --out are required"},
		{name: "migrate without --out", args: []string{"migrate", "--from", site}, code: exitError, stderr: "unpress: migrate: --from and --out are required"},
		{name: "migrate extra argument", args: []string{"migrate", "--from", site, "--out", "OUT", "extra"}, code: exitError, stderr: `unpress: migrate: unexpected argument "extra"`},
		{name: "missing source folder", args: []string{"migrate", "--from", missing, "--out", "OUT"}, code: exitError, stderr: missing},
		{name: "source is a file", args: []string{"migrate", "--from", alpha, "--out", "OUT"}, code: exitError, stderr: "is not a folder"},
		{name: "unknown preset", args: []string{"migrate", "--from", site, "--out", "OUT", "--preset", "nope"}, code: exitError, stderr: `unknown preset "nope" (valid: ` + strings.Join(output.PresetNames(), ", ") + ")"},
		{name: "config with an unknown key", args: []string{"migrate", "--from", site, "--out", "OUT", "--config", typo}, code: exitError, stderr: `line 3: unknown key "tagz"`},
		{name: "missing config", args: []string{"migrate", "--from", site, "--out", "OUT", "--config", filepath.Join(configs, "none.yaml")}, code: exitError, stderr: "none.yaml"},
		{name: "relative base URL", args: []string{"migrate", "--from", site, "--out", "OUT", "--base-url", "run.example.org"}, code: exitError, stderr: `--base-url "run.example.org" is not an absolute URL`},
		{name: "unknown time zone", args: []string{"migrate", "--from", site, "--out", "OUT", "--timezone", "Mars/Olympus_Mons"}, code: exitError, stderr: "unpress: --timezone:"},
		{name: "extract without a file", args: []string{"extract"}, code: exitError, stderr: "unpress: extract: give exactly one FILE"},
		{name: "extract a missing file", args: []string{"extract", filepath.Join(site, "none.html")}, code: exitError, stderr: "none.html"},
		{name: "extract with an unknown key", args: []string{"extract", "--config", typo, alpha}, code: exitError, stderr: `unknown key "tagz"`},

		{name: "migrate", args: []string{"migrate", "--from", site, "--out", "OUT"}, code: exitOK, stderr: "2 posts and 0 pages; files (created: 3)\n", wantOutput: "src/pages/blog/alpha.md"},
		{name: "migrate quietly", args: []string{"migrate", "--from", site, "--out", "OUT", "--quiet"}, code: exitOK, wantOutput: ".unpress/report.json"},
		{name: "migrate with config", args: []string{"migrate", "--from", site, "--out", "OUT", "--config", good, "--quiet"}, code: exitOK, wantOutput: "content/posts/beta.md"},
		{name: "extract", args: []string{"extract", alpha}, code: exitOK, stdout: "title: Alpha\n"},
		{name: "extract JSON", args: []string{"extract", "--json", alpha}, code: exitOK, stdout: `"source": "classic-theme"`},

		{name: "dry run with changes pending", args: []string{"migrate", "--from", site, "--out", "OUT", "--dry-run"}, code: exitChanges, anyStdout: true, stdout: "+++ b/src/pages/blog/alpha.md\n", stderr: "dry run: 3 files would change (created: 3,"},

		{name: "dry run in colour", args: []string{"migrate", "--from", site, "--out", "OUT", "--dry-run", "--color", "always"}, code: exitChanges, anyStdout: true, stdout: "\x1b[1m+++ b/src/pages/blog/alpha.md\x1b[0m\n", anyStderr: true},
		{name: "dry run, never in colour", args: []string{"migrate", "--from", site, "--out", "OUT", "--dry-run", "--color=never"}, code: exitChanges, anyStdout: true, stdout: "\n+++ b/src/pages/blog/alpha.md\n", anyStderr: true},

		{name: "a binary page", args: []string{"migrate", "--from", withBinary, "--out", "OUT"}, code: exitPageErrors, stderr: "gamma/index.html: not an HTML document (binary content)", anyStderr: true, wantOutput: "src/pages/blog/beta.md"},
		{name: "a binary page, quietly", args: []string{"migrate", "--from", withBinary, "--out", "OUT", "--quiet"}, code: exitPageErrors, stderr: "not an HTML document (binary content)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "OUT", out)
			}
			code, stdout, stderr := runCmd(context.Background(), args...)
			if code != tt.code {
				t.Fatalf("run(%q) = %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, stdout, stderr)
			}
			if tt.stdout == "" && stdout != "" && !tt.anyStdout || !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout:\n%s\nwant it to contain %q", stdout, tt.stdout)
			}
			if tt.stderr == "" && stderr != "" && !tt.anyStderr || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr:\n%s\nwant it to contain %q", stderr, tt.stderr)
			}
			if tt.code == exitError || tt.code == exitChanges {
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("a failed or dry run created the output folder (%v)", err)
				}
			}
			if tt.wantOutput != "" {
				if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(tt.wantOutput))); err != nil {
					t.Errorf("output: %v", err)
				}
			}
		})
	}
}

// TestRunHandEditConflict checks the exit codes of a re-run: 0 when
// nothing changed and when a hand edit is kept (its source unchanged), 3
// for a conflict between the edit and a change of its source, 0 with
// --force.
func TestRunHandEditConflict(t *testing.T) {
	site := runSite(t)
	out := filepath.Join(t.TempDir(), "out")
	migrate := func(extra ...string) (int, string) {
		t.Helper()
		code, stdout, stderr := runCmd(context.Background(), append([]string{"migrate", "--from", site, "--out", out, "--quiet"}, extra...)...)
		if stdout != "" {
			t.Errorf("stdout: %q", stdout)
		}
		return code, stderr
	}
	if code, stderr := migrate(); code != exitOK || stderr != "" {
		t.Fatalf("first run: %d, %q", code, stderr)
	}
	file := filepath.Join(out, "src", "pages", "blog", "alpha.md")
	written, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(written, []byte("title: Alpha\n"), []byte("title: Alpha, by hand\n"), 1)
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	// The source did not change: the edit is kept, nothing is pending.
	if code, stderr := migrate(); code != exitOK || stderr != "" {
		t.Fatalf("run over a hand edit: %d, %q; want %d, silent", code, stderr, exitOK)
	}
	if got, _ := os.ReadFile(file); !bytes.Equal(got, edited) {
		t.Errorf("the hand edit was overwritten:\n%s", got)
	}

	// The source renames the post too: the one field both changed is a
	// conflict, named; the file stays the person's.
	page := filepath.Join(site, "2022", "02", "01", "alpha", "index.html")
	runWriteFile(t, page, runPost("1", "alpha", "Alpha, renamed", "2022-02-01T10:00:00+00:00", "The first post."))
	code, stderr := migrate()
	if code != exitPageErrors || !strings.Contains(stderr, "src/pages/blog/alpha.md was edited by hand and its source changed too (front matter field title)") {
		t.Fatalf("run over a conflicting edit: %d, %q; want %d naming the file and the field", code, stderr, exitPageErrors)
	}
	if got, _ := os.ReadFile(file); !bytes.Equal(got, edited) {
		t.Errorf("the hand edit was overwritten:\n%s", got)
	}
	pending, _ := os.ReadFile(file + ".unpress-new")
	if !bytes.Contains(pending, []byte("# conflict: edited by hand; unpress now writes title: Alpha, renamed\ntitle: Alpha, by hand\n")) {
		t.Errorf("the merge beside it is\n%s", pending)
	}

	code, stderr = migrate("--force")
	if code != exitOK || !strings.Contains(stderr, "overwritten (--force)") {
		t.Fatalf("--force: %d, %q; want %d and the file named", code, stderr, exitOK)
	}
	if got, _ := os.ReadFile(file); !bytes.Contains(got, []byte("title: Alpha, renamed\n")) {
		t.Errorf("--force left\n%s", got)
	}
	if _, err := os.Stat(file + ".unpress-new"); !os.IsNotExist(err) {
		t.Errorf("the conflict's merge is left once --force settled it (%v)", err)
	}
}

// TestRunInterrupted: a cancelled context ends the run with 130, before
// anything is written.
func TestRunInterrupted(t *testing.T) {
	site := runSite(t)
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, stdout, stderr := runCmd(ctx, "migrate", "--from", site, "--out", out)
	if code != exitInterrupted || stdout != "" || stderr != "unpress: interrupted\n" {
		t.Fatalf("run = %d, stdout %q, stderr %q; want %d and \"unpress: interrupted\"", code, stdout, stderr, exitInterrupted)
	}
	if _, err := os.Stat(filepath.Join(out, "src")); !os.IsNotExist(err) {
		t.Errorf("an interrupted run wrote posts (%v)", err)
	}
}

// TestRunExtractJSON decodes extract --json: the fields, their values and
// sources, and the Markdown body.
func TestRunExtractJSON(t *testing.T) {
	site := runSite(t)
	code, stdout, stderr := runCmd(context.Background(), "extract", "--json", filepath.Join(site, "2022", "02", "02", "beta", "index.html"))
	if code != exitOK || stderr != "" {
		t.Fatalf("extract --json = %d, %q", code, stderr)
	}
	var got struct {
		SourceURL string `json:"source_url"`
		Kind      string `json:"kind"`
		Fields    map[string]struct {
			Value  any    `json:"value"`
			Source string `json:"source"`
		} `json:"fields"`
		Charset string `json:"charset"`
		Body    string `json:"body_markdown"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if got.SourceURL != "https://run.example.org/2022/02/02/beta/" || got.Kind != "post" || got.Charset != "utf-8" || got.Body != "The second post.\n" {
		t.Errorf("extract --json = %+v", got)
	}
	for field, want := range map[string]struct {
		value  any
		source string
	}{
		"title":     {"Beta", "classic-theme"},
		"author":    {"Ada", "classic-theme"},
		"published": {"2022-02-02T10:00:00Z", "classic-theme"},
		"id":        {float64(2), ""},
	} {
		f, ok := got.Fields[field]
		if !ok || f.Value != want.value || f.Source != want.source {
			t.Errorf("%s = %+v, want %v from %q", field, f, want.value, want.source)
		}
	}
}

// TestRunDryRun: a dry run over an up-to-date output exits 0 and changes
// nothing, over a kept hand edit too; over a conflict it shows it and
// exits 3, as the real run does, and still writes nothing.
func TestRunDryRun(t *testing.T) {
	site := runSite(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCmd(context.Background(), "migrate", "--from", site, "--out", out, "--quiet"); code != exitOK {
		t.Fatalf("migrate: %d, %q", code, stderr)
	}
	code, stdout, stderr := runCmd(context.Background(), "migrate", "--from", site, "--out", out, "--dry-run")
	if code != exitOK || stdout != "" || !strings.Contains(stderr, "dry run: nothing would change") {
		t.Fatalf("dry run over an up-to-date output: %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	file := filepath.Join(out, "src", "pages", "blog", "alpha.md")
	edited := []byte("edited by hand\n")
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	// The source did not change: the edit is kept, nothing would change.
	code, stdout, stderr = runCmd(context.Background(), "migrate", "--from", site, "--out", out, "--dry-run")
	if code != exitOK || stdout != "" || !strings.Contains(stderr, "dry run: nothing would change") {
		t.Fatalf("dry run over a kept edit: %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// It did: a conflict, as the real run would report it (exit 3).
	runWriteFile(t, filepath.Join(site, "2022", "02", "01", "alpha", "index.html"), runPost("1", "alpha", "Alpha", "2022-02-01T10:00:00+00:00", "The first post, revised."))
	code, stdout, stderr = runCmd(context.Background(), "migrate", "--from", site, "--out", out, "--dry-run")
	if code != exitPageErrors || !strings.Contains(stdout, "src/pages/blog/alpha.md was edited by hand") || !strings.Contains(stderr, "conflicts: 1") {
		t.Fatalf("dry run over a conflict: %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if got, _ := os.ReadFile(file); !bytes.Equal(got, edited) {
		t.Errorf("a dry run changed %s:\n%s", file, got)
	}
	if _, err := os.Stat(file + ".unpress-new"); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote %s.unpress-new (%v)", file, err)
	}
	// The real run agrees.
	if code, _, stderr := runCmd(context.Background(), "migrate", "--from", site, "--out", out); code != exitPageErrors || !strings.Contains(stderr, "conflict: 1") {
		t.Errorf("the real run: %d, %q; want %d and the conflict counted", code, stderr, exitPageErrors)
	}
}
