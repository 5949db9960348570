// Package fence keeps every request of a run where it belongs: on the
// hosts the run may reach, redirects included, and off the private
// network unless the site itself lives there. One redirect check and one
// dial check serve the crawl's collectors, its media downloads,
// robots.txt and the REST API alike, so that no client of a run can be
// talked by a hostile site into reaching elsewhere.
package fence

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// MaxRedirects bounds a chain of redirects from one URL.
const MaxRedirects = 10

// OffHostError is a redirect a run does not follow: it leads to a host
// the run may not reach.
type OffHostError struct{ From, To string }

func (e *OffHostError) Error() string {
	return fmt.Sprintf("%s redirects to %s, another host: not followed", e.From, e.To)
}

// Redirects returns the CheckRedirect of every http.Client of a run.
// inScope tells whether a URL may be requested as it is. follow tells,
// by the first request of a chain, whether the client follows its
// redirects itself; when it does not (nil follows all), the redirect is
// handed back to the caller (http.ErrUseLastResponse), which maps and
// checks the target itself, as the crawl does for pages and media.
func Redirects(inScope func(*url.URL) bool, follow func(first *http.Request) bool) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if follow != nil && !follow(via[0]) {
			return http.ErrUseLastResponse
		}
		if !inScope(req.URL) {
			return &OffHostError{From: via[len(via)-1].URL.Redacted(), To: req.URL.Redacted()}
		}
		if len(via) >= MaxRedirects {
			return fmt.Errorf("%s: more than %d redirects", via[0].URL.Redacted(), MaxRedirects)
		}
		return nil
	}
}

// Public reports whether ip is an address of the public internet: not
// loopback, private (RFC 1918, fc00::/7), link-local (169.254/16, the
// cloud metadata address among them; fe80::/10), shared (100.64/10),
// unspecified or multicast.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid(), ip.IsLoopback(), ip.IsPrivate(), ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(),
		ip.IsInterfaceLocalMulticast(), ip.IsMulticast(), ip.IsUnspecified():
		return false
	case ip.Is4() && (sharedSpace.Contains(ip) || thisNetwork.Contains(ip)):
		return false
	}
	return true
}

var (
	sharedSpace = netip.MustParsePrefix("100.64.0.0/10")
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")
)

// Guard refuses connections to addresses that are not Public unless the
// run's start host is such an address itself (a site crawled on
// localhost or a LAN may link to its neighbours; a public one may not
// send the crawl to 127.0.0.1 or the cloud's metadata service). It checks
// the address actually dialled, after DNS resolution, so a name that
// resolves to a public address once and to 127.0.0.1 at the next lookup
// (DNS rebinding) is refused too.
type Guard struct {
	start      string // the start URL's host name or address, without port
	publicOnly bool

	mu      sync.Mutex
	decided bool
	private bool // the start is on a private address: so may the rest be

	proxies sync.Map // host:port of proxies the transport chose: dialled as they are
	dialer  net.Dialer
}

// NewGuard guards a run that starts at startHost (a URL's Host, with or
// without port). publicOnly refuses private addresses whatever the start
// is (a service that crawls for others; the tests of the refusal).
func NewGuard(startHost string, publicOnly bool) *Guard {
	h := (&url.URL{Host: startHost}).Hostname()
	return &Guard{start: strings.ToLower(h), publicOnly: publicOnly,
		dialer: net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}}
}

// Transport is http.DefaultTransport's settings with the guard's dialer.
func (g *Guard) Transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = g.DialContext
	proxy := t.Proxy
	t.Proxy = func(r *http.Request) (*url.URL, error) {
		if proxy == nil {
			return nil, nil
		}
		u, err := proxy(r)
		if u != nil {
			// The user's own proxy (on their LAN, often) is dialled
			// whatever its address; what it reaches is its business.
			g.proxies.Store(canonicalAddr(u), true)
		}
		return u, err
	}
	return t
}

func canonicalAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443", "socks5": "1080"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// DialContext dials addr, refusing a non-public address when the start
// is public.
func (g *Guard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	private, err := g.startIsPrivate(ctx)
	if err != nil {
		return nil, err
	}
	if _, proxy := g.proxies.Load(addr); private || proxy {
		return g.dialer.DialContext(ctx, network, addr)
	}
	d := g.dialer
	d.Control = func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return err
		}
		if Public(ap.Addr()) {
			return nil
		}
		what := addr
		if h, _, _ := net.SplitHostPort(addr); h != ap.Addr().String() {
			what = fmt.Sprintf("%s (%s)", addr, ap.Addr())
		}
		if g.publicOnly {
			return fmt.Errorf("%s is not a public address: refused (public addresses only)", what)
		}
		return fmt.Errorf("%s is not a public address: refused, as the site (%s) is public", what, g.start)
	}
	return d.DialContext(ctx, network, addr)
}

// startIsPrivate resolves the start host once (a failed lookup is tried
// again at the next dial) and tells whether any of its addresses is not
// public.
func (g *Guard) startIsPrivate(ctx context.Context) (bool, error) {
	if g.publicOnly {
		return false, nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.decided {
		return g.private, nil
	}
	var addrs []netip.Addr
	switch ip, err := netip.ParseAddr(strings.Trim(g.start, "[]")); {
	case err == nil:
		addrs = []netip.Addr{ip}
	case g.start == "localhost" || strings.HasSuffix(g.start, ".localhost"):
		addrs = []netip.Addr{netip.IPv6Loopback()}
	default:
		if addrs, err = net.DefaultResolver.LookupNetIP(ctx, "ip", g.start); err != nil {
			return false, err
		}
	}
	for _, a := range addrs {
		if !Public(a) {
			g.private = true
		}
	}
	g.decided = true
	return g.private, nil
}
