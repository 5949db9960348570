package fence

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"93.184.216.34": true, "2606:4700::1": true, "8.8.8.8": true,
		"127.0.0.1": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "fe80::1": false, "fd00::1": false, "100.64.0.1": false, "0.0.0.0": false,
		"::": false, "224.0.0.1": false, "::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false,
	} {
		if got := Public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Public(%s) = %v, want %v", addr, got, want)
		}
	}
}

// TestGuard: a run that starts at a public address cannot reach a
// loopback one (the refusal happens at the dial, after resolution: the
// server sees nothing); a run that starts on loopback reaches its
// neighbours there.
func TestGuard(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	// 203.0.113.7 (TEST-NET-3) is never dialled: it only makes the start
	// public without a DNS lookup.
	public := &http.Client{Transport: NewGuard("203.0.113.7:8080", false).Transport()}
	_, err := public.Get(srv.URL + "/")
	if err == nil || !strings.Contains(err.Error(), srv.Listener.Addr().String()+" is not a public address: refused, as the site (203.0.113.7) is public") {
		t.Errorf("err = %v, want a refusal naming the address", err)
	}
	local := &http.Client{Transport: NewGuard(srv.Listener.Addr().String(), false).Transport()}
	resp, err := local.Get(srv.URL + "/")
	if err != nil {
		t.Fatalf("a loopback start cannot reach loopback: %v", err)
	}
	resp.Body.Close()
	if localhost := NewGuard("localhost", false); !must(localhost.startIsPrivate(t.Context())) {
		t.Error("localhost is taken as public")
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d requests reached the server, want 1 (the loopback start's)", n)
	}
}

func must(ok bool, err error) bool {
	if err != nil {
		panic(err)
	}
	return ok
}

// TestRedirects: a followed chain stays in scope and is bounded; a chain
// the caller maps itself is handed back.
func TestRedirects(t *testing.T) {
	u := func(s string) *http.Request { r, _ := http.NewRequest("GET", s, nil); return r }
	inScope := func(x *url.URL) bool { return x.Host == "a.example" }
	check := Redirects(inScope, func(first *http.Request) bool { return first.URL.Path == "/robots.txt" })
	var off *OffHostError
	if err := check(u("http://b.example/robots.txt"), []*http.Request{u("http://a.example/robots.txt")}); !errors.As(err, &off) ||
		err.Error() != "http://a.example/robots.txt redirects to http://b.example/robots.txt, another host: not followed" {
		t.Errorf("off-host robots.txt: %v", err)
	}
	if err := check(u("https://a.example/robots.txt"), []*http.Request{u("http://a.example/robots.txt")}); err != nil {
		t.Errorf("http → https of robots.txt: %v", err)
	}
	if err := check(u("http://b.example/x"), []*http.Request{u("http://a.example/page/")}); err != http.ErrUseLastResponse {
		t.Errorf("a page's redirect: %v, want it handed back", err)
	}
	via := make([]*http.Request, MaxRedirects)
	for i := range via {
		via[i] = u("http://a.example/robots.txt")
	}
	if err := check(u("http://a.example/robots.txt"), via); err == nil {
		t.Error("an endless chain is followed")
	}
}
