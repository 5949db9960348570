package transform

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Bodies come back as they went in, before and after the spool moves from
// memory to its file.
func TestSpoolRoundTrip(t *testing.T) {
	s := newSpool()
	defer s.close()
	filler := strings.Repeat("x", 64<<10)
	var refs []bodyRef
	for i := range 300 { // about 19 MB: past memLimit
		root, err := html.Parse(strings.NewReader(fmt.Sprintf("<div><p>body %d</p><p>%s</p></div>", i, filler)))
		if err != nil {
			t.Fatal(err)
		}
		div := root.FirstChild.LastChild.FirstChild // html > body > div
		body, err := renderChildren(div)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := s.store.Put(body)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
	}
	for _, i := range []int{0, 150, 299} {
		n, err := s.get(refs[i : i+1])
		if err != nil {
			t.Fatal(err)
		}
		if got := Text(n); !strings.Contains(got, fmt.Sprintf("body %d\n", i)) || !strings.Contains(got, filler) {
			t.Errorf("body %d came back as %.40q", i, got)
		}
	}
	// Two bodies read as one: a multi-page post.
	n, err := s.get([]bodyRef{refs[3], refs[4]})
	if err != nil {
		t.Fatal(err)
	}
	if got := Text(n); !strings.Contains(got, "body 3") || !strings.Contains(got, "body 4") {
		t.Errorf("stitched bodies: %.60q", got)
	}
}
