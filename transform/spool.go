package transform

import (
	"bytes"
	"fmt"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	// Parked records are encoded and decoded several times per page: this
	// drop-in for encoding/json does it three times as fast (26 -> 9 µs for
	// a page's extraction, round trip).
	"github.com/segmentio/encoding/json"

	"github.com/unpress/unpress/scrape/spill"
)

// spool keeps the cleaned bodies of a site's pages and the parked
// metadata of its pages and posts in a temporary file between extraction
// and writing, so that memory holds the pages in flight and a few
// addresses per post: a site of 100,000 posts then migrates in the memory
// of the work in flight.
type spool struct {
	store *spill.Store
}

// memLimit is how much spooled data stays in memory before the spool
// moves to a file: small sites never touch the disk.
const memLimit = 4 << 20

// bodyRef is a record's place in the spool.
type bodyRef = spill.Ref

func newSpool() *spool { return &spool{store: spill.New(memLimit)} }

// renderChildren renders the children of n (a content root), as the
// spool keeps a body.
func renderChildren(n *html.Node) ([]byte, error) {
	var buf bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// get reads bodies back as one content root (a <div>), in order.
func (s *spool) get(refs []bodyRef) (*html.Node, error) {
	var data []byte
	for _, r := range refs {
		var err error
		if data, err = s.store.AppendTo(data, r); err != nil {
			return nil, err
		}
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(bytes.NewReader(data), root)
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root, nil
}

// park stores v (a page's or a post's metadata) as JSON.
func (s *spool) park(v any) (bodyRef, error) {
	data, err := encodeParked(v)
	if err != nil {
		return bodyRef{}, err
	}
	return s.store.Put(data)
}

// encodeParked is v as park stores it.
func encodeParked(v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	return data, nil
}

// unpark reads back what park stored into v.
func (s *spool) unpark(ref bodyRef, v any) error {
	data, err := s.store.Get(ref)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	return nil
}

func (s *spool) close() error { return s.store.Close() }
