package output

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/unpress/unpress/scrape/spill"
	"github.com/unpress/unpress/transform"
)

// ReviewPageName is the review page's name, beside report.json.
const ReviewPageName = "report.html"

//go:embed review/page.css review/page.js
var reviewAssets embed.FS

// The page's only style and script, and the Content-Security-Policy that
// allows them by hash and nothing else: no other script runs, no inline
// handler, nothing is fetched. A hash rather than a nonce keeps the page
// the same bytes for the same run.
var reviewCSS, reviewJS, reviewCSP = func() (string, string, string) {
	css, _ := fs.ReadFile(reviewAssets, "review/page.css")
	js, _ := fs.ReadFile(reviewAssets, "review/page.js")
	hash := func(b []byte) string {
		sum := sha256.Sum256(b)
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	csp := "default-src 'none'; script-src " + hash(js) + "; style-src " + hash(css) +
		"; img-src 'none'; base-uri 'none'; form-action 'none'"
	return string(css), string(js), csp
}()

// ReviewOptions say where the review page finds what the report does
// not hold.
type ReviewOptions struct {
	// Root is the output folder: each row shows the file written there.
	Root string
	// DryRun is a dry run's writer, closed: the page shows each file as
	// it would be written, and every change as a diff.
	DryRun *Writer
}

// SetRedirects records the old path → new path pairs the run sends
// visitors through, for the review page.
func (r *Report) SetRedirects(pairs [][2]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.redirects = pairs
}

// reviewSummary is the page's head: what the run did as a whole.
type reviewSummary struct {
	Preset     string         `json:"preset,omitempty"`
	DryRun     bool           `json:"dry_run,omitempty"`
	Totals     Totals         `json:"totals"`
	Media      []MediaEntry   `json:"media"` // those not copied
	Hotlinked  []string       `json:"hotlinked"`
	Collisions []Collision    `json:"collisions"`
	Gone       []string       `json:"gone"`
	Redirects  [][2]string    `json:"redirects"`
	Changes    [][2]string    `json:"changes,omitempty"` // path, result
	RawHTML    []string       `json:"raw_html"`
	Changed    map[string]int `json:"changed,omitempty"`
}

// WriteHTML writes the review page: a self-contained HTML file with the
// summary, a row for every report entry, each row's legacy fields beside
// its migrated file, and a dry run's diffs. It streams: each entry is
// read, rendered and written one at a time, the rendered details waiting
// in a spill store while the rows go out first (the table shows before
// the browser has parsed the details). The same run gives the same bytes.
func (r *Report) WriteHTML(w io.Writer, opts ReviewOptions) error {
	var changes []storedChange
	var changeStore *spill.Store
	if opts.DryRun != nil {
		changes, changeStore = opts.DryRun.sortedChanges()
	}
	sum := r.reviewSummary(opts.DryRun != nil, changes)
	details := spill.New(1 << 20)
	defer details.Close()
	var refs []spill.Ref

	bw := bufio.NewWriter(w)
	title := "unpress review"
	if sum.Preset != "" {
		title += ": " + sum.Preset
	}
	if sum.DryRun {
		title += " (dry run)"
	}
	fmt.Fprintf(bw, reviewHead, html.EscapeString(reviewCSP), html.EscapeString(title), reviewCSS, html.EscapeString(title))
	bw.WriteString(`<script type="application/json" id="summary">`)
	if err := writeJSON(bw, sum); err != nil {
		return err
	}
	bw.WriteString("</script>\n<script type=\"application/json\" id=\"rows\">[")

	changeAt := map[string]int{}
	for i, c := range changes {
		changeAt[c.path] = i
	}
	var root *os.Root
	if opts.Root != "" {
		if rt, err := os.OpenRoot(opts.Root); err == nil {
			root = rt
			defer rt.Close()
		}
	}
	n := 0
	var buf bytes.Buffer
	err := r.eachEntry(func(raw []byte) error {
		var e reviewEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("review page: %w", err)
		}
		d := e.detail()
		d.Change = -1
		if e.Output != "" {
			file, name, err := e.file(root, changes, changeStore, changeAt)
			d.File = name
			if i, ok := changeAt[e.Output]; ok {
				d.Change = i
			}
			if err != nil {
				d.FileNote = err.Error()
			} else {
				front, body, _ := cutFrontMatter(file)
				d.Front = string(front)
				if d.Body, d.Words, err = renderReviewBody(body); err != nil {
					d.FileNote = err.Error()
				}
			}
		}
		buf.Reset()
		if err := writeJSON(&buf, d); err != nil {
			return err
		}
		ref, err := details.Put(buf.Bytes())
		if err != nil {
			return err
		}
		refs = append(refs, ref)
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteByte('\n')
		return writeJSON(bw, e.row(d.Words))
	})
	if err != nil {
		return err
	}
	bw.WriteString("]</script>\n<script>")
	bw.WriteString(reviewJS)
	bw.WriteString("</script>\n")
	var raw []byte
	for i, ref := range refs {
		if raw, err = details.AppendTo(raw[:0], ref); err != nil {
			return fmt.Errorf("review page: %w", err)
		}
		fmt.Fprintf(bw, "<script type=\"application/json\" id=\"d%d\">", i)
		bw.Write(raw)
		bw.WriteString("</script>\n")
	}
	for i, sc := range changes {
		c, err := sc.load(changeStore)
		if err != nil {
			return err
		}
		buf.Reset()
		if err := c.WriteDiff(&limitWriter{w: &buf, n: 2 * reviewBodyLimit}, false); err != nil && !errors.Is(err, errLimit) {
			return err
		}
		fmt.Fprintf(bw, "<script type=\"application/json\" id=\"c%d\">", i)
		if err := writeJSON(bw, buf.String()); err != nil {
			return err
		}
		bw.WriteString("</script>\n")
	}
	bw.WriteString("</body>\n</html>\n")
	return bw.Flush()
}

// reviewHead is the page up to its data: the CSP, the title, the style
// and the empty frame the script fills.
const reviewHead = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>%s</title>
<style>%s</style>
</head>
<body>
<header><h1>%s</h1></header>
<section id="summary-view"></section>
<section id="table-view">
<div class="controls">
<input id="filter" type="search" placeholder="Filter: title, author, category, tag, URL, warning…" aria-label="Filter rows">
<select id="show" aria-label="Rows to show"><option value="content">Posts and pages</option><option value="skipped">Skipped</option><option value="failed">Failed</option><option value="all">Everything</option></select>
<label><input id="warnonly" type="checkbox"> Only rows with warnings</label>
<span id="count"></span>
</div>
<table id="rows-table"><thead><tr></tr></thead><tbody></tbody></table>
<p id="more"></p>
</section>
<section id="detail" hidden></section>
<noscript><p>The review page needs JavaScript to show its data.</p></noscript>
`

// writeJSON writes v as compact JSON that is safe inside a script
// element: <, > and & are escaped, so no "</script>" can end it early.
func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func (r *Report) reviewSummary(dryRun bool, changes []storedChange) reviewSummary {
	t := r.Totals()
	r.mu.Lock()
	s := reviewSummary{
		Preset:     r.Preset,
		DryRun:     dryRun,
		Totals:     t,
		Hotlinked:  slices.Sorted(maps.Keys(r.hotlinked)),
		Collisions: slices.Clone(r.collisions),
		Redirects:  slices.Clone(r.redirects),
		RawHTML:    slices.Sorted(maps.Keys(r.rawHTML)),
	}
	for _, m := range r.media {
		if m.Status != MediaCopied {
			s.Media = append(s.Media, m)
		}
	}
	gone := slices.Clone(r.gone)
	r.mu.Unlock()
	slices.SortFunc(s.Media, func(a, b MediaEntry) int { return strings.Compare(a.URL, b.URL) })
	slices.SortFunc(s.Collisions, func(a, b Collision) int {
		return strings.Compare(a.SourceURL+"\x00"+a.Path, b.SourceURL+"\x00"+b.Path)
	})
	slices.SortFunc(gone, func(a, b GoneEntry) int { return strings.Compare(a.SourceURL, b.SourceURL) })
	for _, g := range gone {
		s.Gone = append(s.Gone, g.Line(dryRun))
	}
	if dryRun {
		s.Changed = map[string]int{}
		for _, c := range changes {
			s.Changes = append(s.Changes, [2]string{c.path, c.result.String()})
			s.Changed[c.result.String()]++
		}
	}
	return s
}

// reviewEntry is a report entry as the page reads it back: values stay
// JSON, to be shown as text.
type reviewEntry struct {
	SourceURL string `json:"source_url"`
	Origin    string `json:"origin"`
	Kind      string `json:"kind"`
	Status    string `json:"status"`
	Reason    string `json:"reason"`
	Output    string `json:"output"`
	Write     string `json:"write"`
	Fields    map[string]struct {
		Value  json.RawMessage `json:"value"`
		Source string          `json:"source"`
		Rule   string          `json:"rule"`
	} `json:"fields"`
	Conflicts []transform.Conflict `json:"conflicts"`
	Warnings  []string             `json:"warnings"`
	RawHTML   []string             `json:"raw_html"`
}

// reviewDetail is what a row opens: the legacy page's fields beside the
// migrated file.
type reviewDetail struct {
	URL       string      `json:"url"`
	Origin    string      `json:"origin,omitempty"`
	Kind      string      `json:"kind"`
	Status    string      `json:"status"`
	Reason    string      `json:"reason,omitempty"`
	Write     string      `json:"write,omitempty"`
	Fields    [][4]string `json:"fields"` // name, value, source, rule
	Conflicts [][6]string `json:"conflicts"`
	Warnings  []string    `json:"warnings"`
	RawHTML   []string    `json:"raw_html,omitempty"`
	File      string      `json:"file,omitempty"`
	FileNote  string      `json:"file_note,omitempty"`
	Front     string      `json:"front,omitempty"`
	Body      string      `json:"body,omitempty"`
	Words     int         `json:"words"`
	Change    int         `json:"change"` // a dry run's diff (c<N>), or -1
}

// reviewFieldOrder is the order the fields are listed in (NewEntry's);
// others follow by name.
var reviewFieldOrder = []string{"title", "slug", "published", "updated", "author", "categories", "tags",
	"image", "image_alt", "description", "previous", "next", "language", "sticky", "draft", "id"}

func (e *reviewEntry) detail() reviewDetail {
	d := reviewDetail{URL: e.SourceURL, Origin: e.Origin, Kind: e.Kind, Status: e.Status, Reason: e.Reason,
		Write: e.Write, Warnings: e.Warnings, RawHTML: e.RawHTML, Fields: [][4]string{}, Conflicts: [][6]string{}}
	if d.Warnings == nil {
		d.Warnings = []string{}
	}
	names := slices.Sorted(maps.Keys(e.Fields))
	slices.SortStableFunc(names, func(a, b string) int { return fieldRank(a) - fieldRank(b) })
	for _, name := range names {
		f := e.Fields[name]
		d.Fields = append(d.Fields, [4]string{name, valueText(f.Value), f.Source, f.Rule})
	}
	for _, c := range e.Conflicts {
		d.Conflicts = append(d.Conflicts, [6]string{c.Field, c.Chosen, c.ChosenSource, c.Other, c.OtherSource, c.Note})
	}
	return d
}

func fieldRank(name string) int {
	if i := slices.Index(reviewFieldOrder, name); i >= 0 {
		return i
	}
	return len(reviewFieldOrder)
}

// row is the entry's line in the table; page.js names the positions.
func (e *reviewEntry) row(words int) []any {
	f := func(name string) string { return valueText(e.Fields[name].Value) }
	list := func(name string) []string {
		var l []string
		if json.Unmarshal(e.Fields[name].Value, &l) != nil || l == nil {
			return []string{}
		}
		return l
	}
	warnings := e.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	return []any{f("title"), e.Kind, e.Status, f("published"), f("updated"), f("author"), list("categories"), list("tags"),
		f("image"), words, warnings, len(e.Conflicts), e.Write, e.Reason, e.SourceURL, e.Output}
}

// valueText shows a field's JSON value as text: strings as they are,
// lists joined, a link as its title and URL.
func valueText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var l []string
	if json.Unmarshal(raw, &l) == nil {
		return strings.Join(l, "; ")
	}
	var link LinkReport
	if json.Unmarshal(raw, &link) == nil && link.URL != "" {
		if link.Title == "" {
			return link.URL
		}
		return link.Title + " <" + link.URL + ">"
	}
	return string(raw)
}

// file reads the migrated file of an entry: in a dry run the content it
// would have, else the file in the output (for a write conflict, the new
// version beside the hand-edited one).
func (e *reviewEntry) file(root *os.Root, changes []storedChange, store *spill.Store, changeAt map[string]int) ([]byte, string, error) {
	if i, ok := changeAt[e.Output]; ok && changes[i].hasNew {
		data, err := store.Get(changes[i].new)
		return data, e.Output, err
	}
	name := e.Output
	if e.Write == Conflict.String() && changes == nil {
		name += ConflictSuffix
	}
	if root == nil {
		return nil, name, errors.New("the output folder could not be opened")
	}
	data, err := root.ReadFile(filepath.FromSlash(name))
	if err != nil {
		return nil, name, fmt.Errorf("%s could not be read: %w", name, errors.Unwrap(err))
	}
	return data, name, nil
}

// errLimit stops a diff that has grown too big for the page.
var errLimit = errors.New("limit reached")

// limitWriter takes n bytes, then a note, then refuses.
type limitWriter struct {
	w io.Writer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if len(p) > l.n {
		l.w.Write(p[:max(l.n, 0)])
		if l.n >= 0 {
			io.WriteString(l.w, "\n… the rest of the diff is not shown here ("+strconv.Itoa(len(p)-l.n)+" bytes and more)\n")
		}
		l.n = -1
		return 0, errLimit
	}
	l.n -= len(p)
	return l.w.Write(p)
}
