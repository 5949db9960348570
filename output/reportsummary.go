package output

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Totals sums up a report.
type Totals struct {
	PagesRead      int            `json:"pages_read"`
	ByKind         map[string]int `json:"by_kind"`
	PostsWritten   int            `json:"posts_written"`
	PagesWritten   int            `json:"pages_written"`
	Files          map[string]int `json:"files"`   // by write result: created, updated, ...
	Skipped        map[string]int `json:"skipped"` // by reason
	Failed         int            `json:"failed"`
	Warnings       int            `json:"warnings"`
	FieldConflicts int            `json:"field_conflicts"` // sources that disagreed on a value
	WriteConflicts int            `json:"write_conflicts"` // hand-edited files left alone (NAME.unpress-new)
	Collisions     int            `json:"collisions"`
	MediaCopied    int            `json:"media_copied"`
	MediaMissing   int            `json:"media_missing"`
	MediaFailed    int            `json:"media_failed"`
	MediaActive    int            `json:"media_active,omitempty"`
	Hotlinked      int            `json:"hotlinked"`          // legacy media URLs posts still point at on the old site
	RawHTML        int            `json:"raw_html,omitempty"` // posts and pages whose body holds raw HTML
	Gone           int            `json:"gone,omitempty"`     // sources no longer on the legacy site (see Report.AddGone)
}

// Totals counts the entries added so far.
func (r *Report) Totals() Totals {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.totalsLocked()
}

func (r *Report) totalsLocked() Totals {
	t := r.counted
	t.ByKind, t.Files, t.Skipped = maps.Clone(t.ByKind), maps.Clone(t.Files), maps.Clone(t.Skipped)
	if t.ByKind == nil {
		t.ByKind, t.Files, t.Skipped = map[string]int{}, map[string]int{}, map[string]int{}
	}
	t.Collisions = len(r.collisions)
	t.Hotlinked = len(r.hotlinked)
	countWrite := func(res Result) {
		if res != 0 {
			t.Files[res.String()]++
		}
		if res == Conflict {
			t.WriteConflicts++
		}
	}
	for _, g := range r.gone {
		if !g.Moved {
			t.Gone++
		}
		for _, f := range g.Files {
			countWrite(f.Result)
		}
	}
	for _, m := range r.media {
		countWrite(m.Write)
		switch m.Status {
		case MediaCopied:
			t.MediaCopied++
		case MediaMissing:
			t.MediaMissing++
		case MediaFailed:
			t.MediaFailed++
		case MediaActive:
			t.MediaActive++
		}
	}
	return t
}

// Summary writes a few lines for a person: what was read, written,
// skipped and what needs a look.
func (r *Report) Summary(w io.Writer) {
	t := r.Totals()
	fmt.Fprintf(w, "read %s%s\n", plural(t.PagesRead, "page", "pages"), counts(t.ByKind))
	// The counts are of the files really touched: a run that changed
	// nothing says "unchanged", never "wrote".
	fmt.Fprintf(w, "%s and %s; files%s\n", plural(t.PostsWritten, "post", "posts"), plural(t.PagesWritten, "page", "pages"), counts(t.Files))
	fmt.Fprint(w, r.typesLine())
	if len(t.Skipped) > 0 || t.Failed > 0 {
		fmt.Fprintf(w, "skipped %d%s, failed %d\n", sum(t.Skipped), counts(t.Skipped), t.Failed)
	}
	if t.MediaCopied+t.MediaMissing+t.MediaFailed > 0 {
		fmt.Fprintf(w, "media: %d in the output, %d missing, %d failed\n", t.MediaCopied, t.MediaMissing, t.MediaFailed)
	}
	if t.Hotlinked > 0 {
		fmt.Fprintf(w, "hot-linked: %s still on the old site: they break when it goes (see media in the JSON report)\n", plural(t.Hotlinked, "media file", "media files"))
	}
	if t.MediaActive > 0 {
		fmt.Fprintf(w, "media: %d with active content (HTML, scripts) left on the old site and linked there (--allow-active-media copies them)\n", t.MediaActive)
	}
	if t.Warnings+t.FieldConflicts+t.Collisions > 0 {
		fmt.Fprintf(w, "%s, %s, %s\n",
			plural(t.Warnings, "warning", "warnings"), plural(t.FieldConflicts, "field conflict", "field conflicts"), plural(t.Collisions, "path collision", "path collisions"))
	}
	r.mu.Lock()
	look, more := slices.Clone(r.look), r.lookMore
	r.mu.Unlock()
	if len(look) > 0 {
		fmt.Fprintln(w, "needs a look:")
		for _, l := range look {
			fmt.Fprintln(w, "  "+l)
		}
		if more > 0 {
			fmt.Fprintf(w, "  and %d more\n", more)
		}
	}
	if t.RawHTML > 0 {
		if p, err := LookupPreset(r.Preset); err == nil && p.RawHTMLNote != "" {
			fmt.Fprintf(w, "%s raw HTML (<%s>): %s (see raw_html in the JSON report)\n",
				plural(t.RawHTML, "file holds", "files hold"), strings.Join(r.rawHTMLTags(), ">, <"), p.RawHTMLNote)
		}
	}
	r.mu.Lock()
	gone := slices.Clone(r.gone)
	r.mu.Unlock()
	slices.SortStableFunc(gone, func(a, b GoneEntry) int { return strings.Compare(a.SourceURL, b.SourceURL) })
	for _, g := range gone {
		fmt.Fprintln(w, g.Line(false))
	}
	switch n := t.WriteConflicts; {
	case n == 1:
		fmt.Fprintf(w, "1 file edited by hand is in conflict with its source: the merge, with markers, is in *%s beside it (merge it, then delete it)\n", ConflictSuffix)
	case n > 1:
		fmt.Fprintf(w, "%d files edited by hand are in conflict with their sources: the merges, with markers, are in *%s beside them (merge each, then delete it)\n", n, ConflictSuffix)
	}
	if r.Path != "" {
		fmt.Fprintf(w, "report: %s\n", r.Path)
	}
}

// rawHTMLTags are the elements that written bodies hold, sorted.
func (r *Report) rawHTMLTags() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(maps.Keys(r.rawHTML))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// counts formats a tally as " (a: 1, b: 2)", largest first.
func counts(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := slices.Sorted(maps.Keys(m))
	slices.SortStableFunc(keys, func(a, b string) int { return m[b] - m[a] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, m[k])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// Line is the entry in one line for a person: "gone from the legacy
// site: URL (HTTP 404): deleted a.md; kept b.md (edited by hand ...)".
// A dry run's says "would delete".
func (g GoneEntry) Line(dryRun bool) string {
	head := "gone from the legacy site: " + g.SourceURL + " (" + g.Reason + ")"
	if g.Moved {
		head = "no longer written by " + g.SourceURL + " (" + g.Reason + ")"
	}
	var parts []string
	for _, f := range g.Files {
		verb := f.Result.String()
		switch {
		case dryRun && f.Result == Deleted:
			verb = "would delete"
		case f.Result == Unchanged:
			verb = "forgot"
		}
		if f.Reason != "" {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", verb, f.Path, f.Reason))
		} else {
			parts = append(parts, fmt.Sprintf("%s %s", verb, f.Path))
		}
	}
	if len(parts) == 0 {
		return head
	}
	return head + ": " + strings.Join(parts, "; ")
}
