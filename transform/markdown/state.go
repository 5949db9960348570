package markdown

import (
	"context"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// convState is everything one Convert call learns or decides while
// rendering. It rides in the context handed to ConvertNode, so one
// converter can serve many goroutines; it is never shared between calls,
// and one call renders on a single goroutine, so it needs no lock.
type convState struct {
	base *url.URL

	media     []string
	mediaSeen map[string]struct{}

	// linksDone holds the <a> nodes whose href was already resolved and
	// rewritten in place. The library may render a node twice (the table
	// plugin renders cells, then falls back when it gives up), and
	// RewriteURL must not be applied to its own output.
	linksDone map[*html.Node]struct{}

	notes footnotes
}

type stateKey struct{}

func newConvState(base *url.URL) *convState {
	return &convState{base: base}
}

func withState(ctx context.Context, st *convState) context.Context {
	return context.WithValue(ctx, stateKey{}, st)
}

// stateFrom returns the call's state. A context without one (which only a
// misuse of the plugin could produce) gets a throwaway state, so renderers
// never dereference nil.
func stateFrom(ctx context.Context) *convState {
	if st, ok := ctx.Value(stateKey{}).(*convState); ok && st != nil {
		return st
	}
	return newConvState(nil)
}

// addMedia records an absolute media URL once, in first-appearance order.
// data: URIs carry their bytes inline; there is nothing to fetch.
func (st *convState) addMedia(abs string) {
	if abs == "" || strings.HasPrefix(abs, "#") || strings.HasPrefix(strings.ToLower(abs), "data:") {
		return
	}
	if st.mediaSeen == nil {
		st.mediaSeen = make(map[string]struct{})
	}
	if _, ok := st.mediaSeen[abs]; ok {
		return
	}
	st.mediaSeen[abs] = struct{}{}
	st.media = append(st.media, abs)
}

func (st *convState) markLinkDone(n *html.Node) bool {
	if st.linksDone == nil {
		st.linksDone = make(map[*html.Node]struct{})
	}
	if _, ok := st.linksDone[n]; ok {
		return false
	}
	st.linksDone[n] = struct{}{}
	return true
}
