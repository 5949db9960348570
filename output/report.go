package output

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/unpress/unpress/scrape/spill"
	"github.com/unpress/unpress/transform"
)

// Status is what became of a source page.
type Status string

const (
	StatusWritten Status = "written"
	StatusSkipped Status = "skipped"
	StatusFailed  Status = "failed"
)

// Entry is the report on one source page.
type Entry struct {
	SourceURL string `json:"source_url"`
	Origin    string `json:"origin,omitempty"` // the file it was read from
	Kind      string `json:"kind"`             // post, page, listing, attachment, ...
	Type      string `json:"type,omitempty"`   // a custom post type's name (kind post)
	Status    Status `json:"status"`
	Reason    string `json:"reason,omitempty"` // why it was skipped or failed
	Output    string `json:"output,omitempty"` // path under the output root
	Write     Result `json:"write,omitempty"`  // what writing it did

	// Fields holds every field's final value and the source it came from,
	// under the names listed at NewEntry.
	Fields    map[string]FieldReport `json:"fields,omitempty"`
	Conflicts []transform.Conflict   `json:"conflicts,omitempty"`
	Warnings  []string               `json:"warnings,omitempty"`
	// RawHTML lists the HTML elements the Markdown body holds (sub, sup,
	// iframe, ...), which some generators drop (see Preset.RawHTMLNote).
	RawHTML []string `json:"raw_html,omitempty"`
}

// FieldReport is one field's value and where it came from.
type FieldReport struct {
	Value  any    `json:"value"`
	Source string `json:"source,omitempty"`
	// Rule names the extractor's selector rule that found the value.
	Rule string `json:"rule,omitempty"`
}

// LinkReport is a previous/next link in the report.
type LinkReport struct {
	Title string `json:"title,omitempty"`
	URL   string `json:"url"`
}

// MediaEntry is the report on one media file.
type MediaEntry struct {
	URL    string      `json:"url"`
	Output string      `json:"output,omitempty"`
	Status MediaStatus `json:"status"`
	Reason string      `json:"reason,omitempty"`
	Write  Result      `json:"write,omitempty"`
}

// MediaStatus is what became of a media file.
type MediaStatus string

const (
	MediaCopied  MediaStatus = "copied"  // in the output (whether or not the bytes changed)
	MediaMissing MediaStatus = "missing" // referenced, but not in the source
	MediaFailed  MediaStatus = "failed"  // found, but could not be written
	// MediaActive is an upload with active content (HTML, scripts, an SVG
	// with a script): not copied, so that it is not served from the new
	// site's origin; the post links to the legacy URL.
	MediaActive MediaStatus = "active"
)

// GoneEntry is a source page of an earlier run that no longer produces
// files: it left the legacy site, or it now writes other files (a changed
// rule or preset). Its old files are listed with what became of them.
type GoneEntry struct {
	SourceURL string `json:"source_url"`
	// Reason says how the run knows ("HTTP 404", "not in the mirror",
	// "no longer migrated: password-protected").
	Reason string `json:"reason"`
	// New is true on the first run that found it gone.
	New bool `json:"new,omitempty"`
	// Moved is true for a source still on the site whose output moved:
	// the files listed are the ones it no longer writes.
	Moved bool       `json:"moved,omitempty"`
	Files []GoneFile `json:"files,omitempty"`
}

// GoneFile is one file of a gone source: Deleted (--prune), or Kept and
// why.
type GoneFile struct {
	Path   string `json:"path"`
	Result Result `json:"result"`
	Reason string `json:"reason,omitempty"`
}

// NewEntry starts the entry for a transformed post: URL, kind, fields with
// their sources, conflicts and warnings. The caller sets Origin, Status,
// Output and Write. Field names are lower-case forms of the Post's fields
// (title, slug, published, updated, author, categories, tags, image,
// image_alt, description, previous, next, language, sticky, draft, id),
// their sources Post.Sources under the same name. Categories are written
// as their full paths ("Parent / Child"); times in RFC 3339 with the
// site's offset.
func NewEntry(post *transform.Post) Entry {
	e := Entry{
		SourceURL: post.SourceURL,
		Kind:      post.Kind,
		Type:      post.Type,
		Fields:    map[string]FieldReport{},
		Conflicts: slices.Clone(post.Conflicts),
		Warnings:  slices.Clone(post.Warnings),
	}
	set := func(name string, v any) {
		e.Fields[name] = FieldReport{Value: v, Source: post.Sources[name], Rule: post.Rules[name]}
	}
	setTime := func(name string, t time.Time) {
		if !t.IsZero() {
			set(name, t.Format(time.RFC3339Nano))
		}
	}
	setLink := func(name string, l *transform.Link) {
		if l != nil {
			set(name, LinkReport{Title: l.Title, URL: l.URL})
		}
	}
	if post.ID != 0 {
		set("id", post.ID)
	}
	set("title", post.Title)
	set("slug", post.Slug)
	setTime("published", post.Published)
	setTime("updated", post.Updated)
	set("author", post.Author)
	cats := make([]string, 0, len(post.Categories))
	for _, c := range post.Categories {
		if len(c.Path) > 0 {
			cats = append(cats, strings.Join(c.Path, " / "))
		} else {
			cats = append(cats, c.Name)
		}
	}
	set("categories", cats)
	set("tags", append([]string{}, post.Tags...))
	set("image", post.Image)
	set("image_alt", post.ImageAlt)
	set("description", post.Description)
	setLink("previous", post.Previous)
	setLink("next", post.Next)
	set("language", post.Language)
	set("sticky", post.Sticky)
	set("draft", post.Draft)
	e.RawHTML = RawHTMLTags(post.Body)
	return e
}

// Report collects what a migration did. Its methods are safe for
// concurrent use: pipeline workers add entries as they finish pages.
type Report struct {
	// Preset and Generated are written at the top of the JSON report when
	// set; a zero Generated is left out, so that reports of the same run
	// compare equal.
	Preset    string
	Generated time.Time

	mu      sync.Mutex
	entries []storedEntry
	store   *spill.Store // the entries' JSON
	counted Totals       // the entries' part of the totals
	rawHTML map[string]bool
	// types counts the posts of each custom post type written, which the
	// posts written count too (Report.typesLine).
	types      map[string]int
	media      []MediaEntry
	collisions []Collision
	gone       []GoneEntry
	hotlinked  map[string]bool // legacy media URLs posts keep (AddHotlinked)
	// Path is where the report is saved, for the summary to name.
	Path string
	// look are the first lines of what needs a person (see count), and
	// lookMore how many more there are.
	look      []string
	lookMore  int
	redirects [][2]string // old path → new path (SetRedirects)
}

// transform's warnings for a post or page with no date, and no author.
const (
	noDateWarning   = "no publication date found"
	noAuthorWarning = "no author found"
)

// lookLines is how many of the pages that need a look the summary lists.
const lookLines = 10

// storedEntry is what memory keeps of an entry: what the sort needs. Its
// JSON, encoded once when added, waits in the spill store until the
// report is written, and the totals are counted as entries arrive: a
// site's report costs memory for its URLs, not its fields.
type storedEntry struct {
	sourceURL, origin, kind string
	json                    spill.Ref
}

// entriesInMemory is how much entry JSON stays in memory before the
// report spills it to a temporary file.
const entriesInMemory = 1 << 20

// AddHotlinked notes a media URL of the legacy site that a written post
// keeps (its copy could not be made): it breaks when the old site goes.
func (r *Report) AddHotlinked(u string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hotlinked == nil {
		r.hotlinked = map[string]bool{}
	}
	r.hotlinked[u] = true
}

// Add records the entry for one source page.
func (r *Report) Add(e Entry) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		// Every field is a string, number, list or map of them.
		panic(fmt.Sprintf("report: encoding an entry: %v", err))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.store == nil {
		r.store = spill.New(entriesInMemory)
		r.counted = Totals{ByKind: map[string]int{}, Files: map[string]int{}, Skipped: map[string]int{}}
		r.rawHTML = map[string]bool{}
		r.types = map[string]int{}
	}
	ref, err := r.store.Put(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	if err != nil {
		// The entry is counted but its details are lost; the report says
		// so in its place.
		ref, _ = r.store.Put(fmt.Appendf(nil, `{"source_url":%q,"status":"failed","reason":%q}`, e.SourceURL, "report entry lost: "+err.Error()))
	}
	r.entries = append(r.entries, storedEntry{sourceURL: e.SourceURL, origin: e.Origin, kind: e.Kind, json: ref})
	r.count(e)
}

// count adds an entry to the totals.
func (r *Report) count(e Entry) {
	t := &r.counted
	t.PagesRead++
	t.ByKind[e.Kind]++
	t.Warnings += len(e.Warnings)
	t.FieldConflicts += len(e.Conflicts)
	if e.Write != 0 {
		t.Files[e.Write.String()]++
	}
	if e.Write == Conflict {
		t.WriteConflicts++
	}
	switch e.Status {
	case StatusWritten:
		if len(e.RawHTML) > 0 {
			t.RawHTML++
		}
		for _, tag := range e.RawHTML {
			r.rawHTML[tag] = true
		}
		if e.Kind == KindPage {
			t.PagesWritten++
		} else {
			t.PostsWritten++
		}
		if e.Type != "" {
			r.types[e.Type]++
		}
	case StatusSkipped:
		t.Skipped[cmp.Or(e.Reason, "unspecified")]++
	case StatusFailed:
		t.Failed++
	}
	if why := needsLook(e); why != "" {
		if len(r.look) < lookLines {
			r.look = append(r.look, e.SourceURL+": "+why)
		} else {
			r.lookMore++
		}
	}
}

// needsLook says why a person should look at a page, or "": a warning
// (an empty title, media left on the old host, a body with nothing in
// it), or a page skipped as not an article (it may be one the rules
// missed). Failures and conflicts are named as they happen.
func needsLook(e Entry) string {
	warnings := e.Warnings
	if e.Kind == KindPage {
		// Themes print no date and no author on a page, and a page needs
		// neither: that is in the report, not a thing to look at.
		warnings = slices.DeleteFunc(slices.Clone(warnings), func(w string) bool { return w == noDateWarning || w == noAuthorWarning })
	}
	switch {
	case len(warnings) == 1:
		return warnings[0]
	case len(warnings) > 1:
		return fmt.Sprintf("%s (and %d more warnings)", warnings[0], len(warnings)-1)
	case e.Status == StatusSkipped && strings.HasPrefix(e.Reason, "not an article"):
		return "skipped: " + e.Reason
	}
	return ""
}

// AddFile counts a file the run wrote for no page (the redirects), so
// that the counts are those of every file touched.
func (r *Report) AddFile(res Result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.counted.Files == nil {
		r.counted = Totals{ByKind: map[string]int{}, Files: map[string]int{}, Skipped: map[string]int{}}
	}
	r.counted.Files[res.String()]++
}

// Close releases the entries' temporary file. Write the report first.
func (r *Report) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.store == nil {
		return nil
	}
	return r.store.Close()
}

// AddMedia records what became of one media file.
func (r *Report) AddMedia(m MediaEntry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.media = append(r.media, m)
}

// AddCollisions records path collisions from Plan or PlanMedia.
func (r *Report) AddCollisions(cs []Collision) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.collisions = append(r.collisions, cs...)
}

// AddGone records a source that no longer produces files.
func (r *Report) AddGone(g GoneEntry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gone = append(r.gone, g)
}

// WriteJSON writes the report as indented JSON: entries sorted by source
// URL (then origin, kind), media by URL, collisions by source URL; map keys
// sorted. The same report gives the same bytes.
func (r *Report) WriteJSON(w io.Writer) error {
	r.mu.Lock()
	doc := struct {
		Preset     string            `json:"preset,omitempty"`
		Generated  time.Time         `json:"generated,omitzero"`
		Totals     Totals            `json:"totals"`
		Entries    []json.RawMessage `json:"entries"` // nil: streamed in below
		Media      []MediaEntry      `json:"media"`
		Collisions []Collision       `json:"collisions"`
		Gone       []GoneEntry       `json:"gone,omitempty"`
	}{
		Preset:    r.Preset,
		Generated: r.Generated,
		Totals:    r.totalsLocked(),

		Media:      append([]MediaEntry{}, r.media...),
		Collisions: append([]Collision{}, r.collisions...),
		Gone:       slices.Clone(r.gone),
	}
	r.mu.Unlock()
	slices.SortStableFunc(doc.Media, func(a, b MediaEntry) int { return strings.Compare(a.URL, b.URL) })
	slices.SortStableFunc(doc.Gone, func(a, b GoneEntry) int { return strings.Compare(a.SourceURL, b.SourceURL) })
	slices.SortStableFunc(doc.Collisions, func(a, b Collision) int {
		return cmp.Or(strings.Compare(a.SourceURL, b.SourceURL), strings.Compare(a.Path, b.Path))
	})

	// The document without its entries, then the entries streamed into
	// their place one by one: a site's report is written without holding
	// it twice in memory. The bytes are those of encoding it whole.
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	const slot = "\n  \"entries\": null"
	before, after, ok := bytes.Cut(head.Bytes(), []byte(slot))
	if !ok {
		return errors.New("report: no place for the entries")
	}
	bw := bufio.NewWriter(w)
	bw.Write(before)
	bw.WriteString("\n  \"entries\": [")
	var ind bytes.Buffer
	n := 0
	err := r.eachEntry(func(raw []byte) error {
		ind.Reset()
		if err := json.Indent(&ind, raw, "    ", "  "); err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteString("\n    ")
		_, err := bw.Write(ind.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]")
	bw.Write(after)
	return bw.Flush()
}

// typesLine is the summary's line on custom post types: how many of the
// posts written are of each ("" when none is).
func (r *Report) typesLine() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.types {
		n += c
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("of them of custom post types: %d%s\n", n, counts(r.types))
}

// eachEntry calls fn with each entry's JSON, sorted by source URL (then
// origin, kind), read back from the spill store one at a time; raw is
// reused between calls. It stops at fn's first error.
func (r *Report) eachEntry(fn func(raw []byte) error) error {
	r.mu.Lock()
	entries := slices.Clone(r.entries)
	store := r.store
	r.mu.Unlock()
	slices.SortStableFunc(entries, func(a, b storedEntry) int {
		return cmp.Or(strings.Compare(a.sourceURL, b.sourceURL), strings.Compare(a.origin, b.origin), strings.Compare(a.kind, b.kind))
	})
	var raw []byte
	for _, e := range entries {
		var err error
		if raw, err = store.AppendTo(raw[:0], e.json); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := fn(raw); err != nil {
			return err
		}
	}
	return nil
}
