package transform

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// spool keeps the cleaned bodies of a site's pages in a temporary file
// between extraction and rendering, so that memory holds the metadata of
// every page but the body of none: a site of 100,000 posts then migrates
// in the memory of the pages in flight.
type spool struct {
	mu   sync.Mutex
	mem  []byte   // the bodies, while they fit in memLimit
	f    *os.File // the bodies, once they do not
	size int64
	err  error
}

// memLimit is how much body text stays in memory before the spool moves
// to a file: small sites never touch the disk.
const memLimit = 16 << 20

// bodyRef is a body's place in the spool.
type bodyRef struct {
	off, n int64
}

func newSpool() *spool { return &spool{} }

// put renders the children of n (the content root) into the spool.
func (s *spool) put(n *html.Node) (bodyRef, error) {
	var buf bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			return bodyRef{}, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return bodyRef{}, s.err
	}
	ref := bodyRef{off: s.size, n: int64(buf.Len())}
	if s.f == nil && s.size+ref.n > memLimit {
		if s.f, s.err = os.CreateTemp("", "unpress-bodies-*"); s.err != nil {
			return bodyRef{}, s.err
		}
		// Unlinked at once: the file goes away with the process, however
		// it ends.
		os.Remove(s.f.Name())
		if _, s.err = s.f.Write(s.mem); s.err != nil {
			return bodyRef{}, s.err
		}
		s.mem = nil
	}
	if s.f == nil {
		s.mem = append(s.mem, buf.Bytes()...)
	} else if _, err := s.f.Write(buf.Bytes()); err != nil {
		s.err = fmt.Errorf("spool: %w", err)
		return bodyRef{}, s.err
	}
	s.size += ref.n
	return ref, nil
}

// get reads bodies back as one content root (a <div>), in order.
func (s *spool) get(refs []bodyRef) (*html.Node, error) {
	var buf bytes.Buffer
	s.mu.Lock()
	src := io.ReaderAt(bytes.NewReader(s.mem))
	if s.f != nil {
		src = s.f
	}
	s.mu.Unlock()
	for _, r := range refs {
		if _, err := io.Copy(&buf, io.NewSectionReader(src, r.off, r.n)); err != nil {
			return nil, fmt.Errorf("spool: %w", err)
		}
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(&buf, root)
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root, nil
}

func (s *spool) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mem = nil
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}
