package extract

// Record is what a structured source (a WordPress export, the REST API)
// states about one post or page, as opposed to what a rendered page shows:
// its fields as candidates of that source, its status, and the source
// itself, named rather than guessed from the candidates. A source that
// yields records implements transform.RecordSource (declared where records
// are read); it lives under scrape/ and is listed in scrape/source.go.
type Record struct {
	*Extracted
	// Source is the source that stated the record (SrcWXR, SrcREST, or a
	// new source's constant): it ranks the record against the others that
	// describe the same post (transform/reconcile.go).
	Source Source
	// Origin is where in the source it was read (an export's file and
	// line, an API route and ID), for reports.
	Origin string
}
