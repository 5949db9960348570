package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/atomicfile"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/transform"
)

// MigrateOptions tune Migrate.
type MigrateOptions struct {
	// WriteOptions say where and how the posts are written; Migrate sets
	// OnWritten itself (the re-sync manifest learns from it).
	WriteOptions
	// Site are the repair rules; WriteOptions.Workers also extract pages.
	Site transform.Options
	// Prune says whether the files of sources gone from the legacy site
	// are deleted (those edited by hand never are).
	Prune Prune
}

// Migration is what Migrate did.
type Migration struct {
	// Report is every page's outcome; the caller closes it.
	Report *Report
	// Writer is closed; a dry run's still holds what it would have
	// written (Writer.EachChange).
	Writer *Writer
	// Gone are the sources of an earlier run that produce no files now,
	// and NewlyGone how many of them this run found gone first.
	Gone      []GoneEntry
	NewlyGone int
	// PruneRefused says why --prune deleted nothing, when its guard held.
	PruneRefused string
	// ReviewPage is the review page's path (report.html); a dry run's,
	// which writes nothing in the output, is in the temporary folder.
	// ReviewError says why a dry run could not write it.
	ReviewPage  string
	ReviewError error
}

// Migrate runs a whole migration of src into opts.Out: it takes the
// output folder (Lock), asks a source
// that can for the pages an earlier run migrated (Recheck), reads and
// resolves the site (transform.ReadSite), writes the posts (WriteSite),
// settles the sources gone since the earlier run (Settle) and saves the
// report beside the manifest (not in a dry run). The caller closes src.
func Migrate(ctx context.Context, src scrape.Site, x *extract.Extractor, opts MigrateOptions) (*Migration, error) {
	// The output is taken before the source is read: a second run on it
	// stops at once instead of crawling the whole site first.
	if !opts.DryRun {
		release, err := Lock(opts.Out)
		if err != nil {
			return nil, err
		}
		defer release()
		opts.Locked = true
	}
	if err := Recheck(src, opts.Out); err != nil {
		return nil, err
	}
	var log SourceLog
	read := transform.ReadOptions{Site: opts.Site, OnPage: log.Note}
	if pr := opts.Progress; pr != nil {
		if n, ok := src.(interface{ Len() int }); ok {
			pr.Total("extract", n.Len())
		}
		read.OnPage = func(p *scrape.Page) {
			log.Note(p)
			pr.Add("extract", 1)
		}
	}
	read.Site.Workers = opts.Workers
	r, err := transform.ReadSite(ctx, src, x, read)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	wopts := opts.WriteOptions
	wopts.OnWritten = log.Wrote
	w, rep, err := WriteSite(ctx, src, r, wopts)
	if err != nil {
		return nil, err
	}
	m := &Migration{Report: rep, Writer: w}
	if m.Gone, m.NewlyGone, m.PruneRefused, err = Settle(w, r, rep, src, &log, opts.Prune); err != nil {
		w.Close()
		rep.Close()
		return nil, err
	}
	if err := w.Close(); err != nil {
		rep.Close()
		return nil, err
	}
	if !opts.DryRun {
		// report.html (the review page) is written here too, beside
		// report.json, once output/review*.go has it.
		if err := WriteReport(opts.Out, rep); err != nil {
			rep.Close()
			return nil, err
		}
		m.ReviewPage = filepath.Join(opts.Out, ".unpress", ReviewPageName)
	} else {
		// A failure is not the dry run's: its diffs are still printed.
		m.ReviewPage, m.ReviewError = writeDryRunReview(opts.Out, rep, w)
	}
	return m, nil
}

// ReportPath is where a run saves its report, under the output folder.
const ReportPath = ".unpress/report.json"

// writeDryRunReview writes a dry run's review page in the temporary
// folder, under a name that is the same for the same output folder: a dry
// run promises to write nothing in the output, and the next dry run of
// the same folder replaces the page rather than adding one.
func writeDryRunReview(out string, rep *Report, w *Writer) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(abs))
	dir := os.TempDir()
	name := "unpress-dry-run-" + hex.EncodeToString(sum[:4]) + ".html"
	err = atomicfile.Write(atomicfile.Folder(dir), name, 0o600, func(f io.Writer) error {
		return rep.WriteHTML(f, ReviewOptions{Root: out, DryRun: w})
	})
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}

// WriteReport saves report.json under the output's .unpress folder,
// atomically, beside the manifest, and the review page (report.html)
// beside it.
func WriteReport(out string, rep *Report) error {
	rep.Path = filepath.Join(out, filepath.FromSlash(ReportPath))
	dir := filepath.Join(out, ".unpress")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Its temporary file is named like the writer's, so that the next
	// run removes one a killed run left behind.
	if err := atomicfile.Write(atomicfile.Folder(dir), "report.json", 0o600, rep.WriteJSON); err != nil {
		return err
	}
	return atomicfile.Write(atomicfile.Folder(dir), ReviewPageName, 0o600, func(w io.Writer) error {
		return rep.WriteHTML(w, ReviewOptions{Root: out})
	})
}
