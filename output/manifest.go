package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// manifestVersion is the format written. Version 1 (files only) is read
// too: its files keep their hand-edit protection, and the sources fill in
// on the first run that writes version 2.
const manifestVersion = 2

// Manifest is .unpress/manifest.json: what unpress wrote and where it came
// from, meant to be committed with the site. Keys are sorted and the JSON
// indented, so that a run shows in a diff as the lines it changed.
type Manifest struct {
	Version int `json:"version"`
	// Files maps every file unpress wrote (slash path under the output) to
	// the SHA-256 of the bytes it wrote: a file that no longer has them was
	// edited by hand.
	Files map[string]string `json:"files"`
	// Sources maps every legacy URL that produced files to what is known
	// about it.
	Sources map[string]SourceRecord `json:"sources,omitempty"`
	// Pending maps every NAME.unpress-new unpress wrote (beside a file
	// edited by hand) to what it holds: one that no longer has it holds a
	// person's merge, which is never overwritten or removed.
	Pending map[string]PendingFile `json:"pending,omitempty"`
	// Adopted are the files a person took over (unpress adopt): unpress
	// never touches them again.
	Adopted []string `json:"adopted,omitempty"`
}

// PendingFile is a NAME.unpress-new as unpress wrote it.
type PendingFile struct {
	// SHA256 is the hash of its bytes (the new render, or its merge with
	// the file, with conflict markers).
	SHA256 string `json:"sha256"`
	// Render is the hash of the render the conflict is about: once the
	// person merged it and deleted NAME.unpress-new, the file's base.
	Render string `json:"render"`
}

// SourceRecord is one source page of the legacy site in the manifest.
type SourceRecord struct {
	// Origin is where the source was read: a path in the mirror folder,
	// the URL a crawl fetched, a record of an export.
	Origin string `json:"origin,omitempty"`
	// Files are the output files the source produced: its Markdown file
	// and the media it uses, sorted.
	Files []string `json:"files"`
	// SHA256 is the hash of the source's bytes as read (of each of its
	// pages in turn, for a post stitched from several); empty for records.
	SHA256 string `json:"sha256,omitempty"`
	// ETag and LastModified are the HTTP validators a crawl received.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// FirstSeen is the source's time (see Seen.At) on the first run that
	// recorded it; LastSeen its time on the run that first saw its
	// current content. Neither moves on a run where the source did not
	// change.
	FirstSeen *time.Time `json:"first_seen,omitempty"`
	LastSeen  *time.Time `json:"last_seen,omitempty"`
	// Stale are files the source produced on an earlier run and no longer
	// does (a changed rule or preset moved them), until --prune deletes
	// them (see Writer.Remove).
	Stale []string `json:"stale,omitempty"`
	// Gone says why the source is no longer on the legacy site ("HTTP
	// 404"), while its files are still in the output.
	Gone string `json:"gone,omitempty"`
}

// Seen is a source page as one run read it, for Writer.SeeSource.
type Seen struct {
	Origin       string
	Files        []string
	SHA256       string
	ETag         string
	LastModified string
	// At is the source's own time: the modification time of a mirror's
	// file, when a crawl fetched the bytes it holds (a 304 keeps it).
	At time.Time
}

// ReadManifest reads the manifest of the output folder root; an empty one
// when there is none. It takes no lock: NewWriter reads it again, under
// the lock, before anything is written.
func ReadManifest(root string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(ManifestPath)))
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{Files: map[string]string{}, Sources: map[string]SourceRecord{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("output: reading manifest: %w", err)
	}
	return parseManifest(root, data)
}

func parseManifest(root string, data []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("output: %s in %s is damaged (delete it to start over, losing hand-edit protection): %w", ManifestPath, root, err)
	}
	if m.Version > manifestVersion {
		return nil, fmt.Errorf("output: %s in %s is version %d, newer than this unpress understands (%d): update unpress", ManifestPath, root, m.Version, manifestVersion)
	}
	if m.Files == nil {
		m.Files = map[string]string{}
	}
	if m.Sources == nil {
		m.Sources = map[string]SourceRecord{}
	}
	if m.Pending == nil {
		m.Pending = map[string]PendingFile{}
	}
	return &m, nil
}

// URLs lists the sources' URLs, sorted.
func (m *Manifest) URLs() []string { return slices.Sorted(maps.Keys(m.Sources)) }

// record is the manifest record for a source seen now, given what the
// last run recorded for it.
func (s Seen) record(prev SourceRecord, hadPrev bool) SourceRecord {
	files := slices.Clone(s.Files)
	slices.Sort(files)
	r := SourceRecord{
		Origin:       s.Origin,
		Files:        slices.Compact(files),
		SHA256:       s.SHA256,
		ETag:         s.ETag,
		LastModified: s.LastModified,
	}
	var at *time.Time
	if !s.At.IsZero() {
		t := s.At.UTC().Truncate(time.Second)
		at = &t
	}
	r.FirstSeen, r.LastSeen = at, at
	if hadPrev {
		for _, f := range slices.Concat(prev.Files, prev.Stale) {
			if _, still := slices.BinarySearch(r.Files, f); !still {
				r.Stale = append(r.Stale, f)
			}
		}
		slices.Sort(r.Stale)
		r.Stale = slices.Compact(r.Stale)
		if prev.FirstSeen != nil {
			r.FirstSeen = prev.FirstSeen
		}
		// The content has not changed: it was last seen new when the
		// record says.
		if prev.LastSeen != nil && prev.SHA256 == s.SHA256 {
			r.LastSeen = prev.LastSeen
		}
	}
	return r
}

// writeManifest writes the manifest as saved: indented, keys sorted, HTML
// characters as they are, a final newline; the bytes of encoding it whole
// with json.Encoder, streamed entry by entry so that a site's manifest is
// never held in memory as text.
func writeManifest(out io.Writer, m *Manifest) error {
	w := bufio.NewWriter(out)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// encode appends v's compact JSON to buf, without the newline.
	encode := func(v any) error {
		if err := enc.Encode(v); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1)
		return nil
	}
	// key starts entry i of an object in buf: the comma, the indent, the
	// quoted key.
	key := func(i int, k string) error {
		buf.Reset()
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n    ")
		if err := encode(k); err != nil {
			return err
		}
		buf.WriteString(": ")
		return nil
	}
	fmt.Fprintf(w, "{\n  \"version\": %d,\n  \"files\": ", m.Version)
	// hashes writes a map of paths to hashes, one per line.
	hashes := func(m map[string]string) error {
		if len(m) == 0 {
			w.WriteString("{}")
			return nil
		}
		w.WriteString("{")
		for i, k := range slices.Sorted(maps.Keys(m)) {
			if err := key(i, k); err != nil {
				return err
			}
			if err := encode(m[k]); err != nil {
				return err
			}
			w.Write(buf.Bytes())
		}
		w.WriteString("\n  }")
		return nil
	}
	if err := hashes(m.Files); err != nil {
		return err
	}
	if len(m.Sources) > 0 {
		w.WriteString(",\n  \"sources\": {")
		var ind bytes.Buffer
		for i, k := range slices.Sorted(maps.Keys(m.Sources)) {
			if err := key(i, k); err != nil {
				return err
			}
			w.Write(buf.Bytes())
			buf.Reset()
			if err := encode(m.Sources[k]); err != nil {
				return err
			}
			ind.Reset()
			if err := json.Indent(&ind, buf.Bytes(), "    ", "  "); err != nil {
				return err
			}
			w.Write(ind.Bytes())
		}
		w.WriteString("\n  }")
	}
	if len(m.Pending) > 0 {
		w.WriteString(",\n  \"pending\": {")
		for i, k := range slices.Sorted(maps.Keys(m.Pending)) {
			if err := key(i, k); err != nil {
				return err
			}
			if err := encode(m.Pending[k]); err != nil {
				return err
			}
			w.Write(buf.Bytes())
		}
		w.WriteString("\n  }")
	}
	if len(m.Adopted) > 0 {
		w.WriteString(",\n  \"adopted\": [")
		for i, a := range m.Adopted {
			buf.Reset()
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString("\n    ")
			if err := encode(a); err != nil {
				return err
			}
			w.Write(buf.Bytes())
		}
		w.WriteString("\n  ]")
	}
	w.WriteString("\n}\n")
	return w.Flush()
}
