package crawl

import (
	"errors"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
)

// TestUnreachableReason: a failure to connect is named by its cause, not
// by Go's wrapping of the robots.txt request that met it.
func TestUnreachableReason(t *testing.T) {
	get := func(err error) error { return &url.Error{Op: "Get", URL: "http://x.test/robots.txt", Err: err} }
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{get(refused), "crawl: cannot reach http://x.test/: connection refused"},
		{get(&net.DNSError{Err: "no such host", Name: "x.test", IsNotFound: true}), "crawl: cannot reach http://x.test/: no such host"},
		{get(&net.DNSError{Err: "server misbehaving", Name: "x.test"}), "crawl: cannot reach http://x.test/: name lookup failed: server misbehaving"},
	} {
		err := unreachable("http://x.test/", tc.err)
		var ue *UnreachableError
		if !errors.As(err, &ue) || err.Error() != tc.want {
			t.Errorf("%v: got %v, want %q", tc.err, err, tc.want)
		}
	}
	if err := unreachable("http://x.test/", errors.New("colly: max depth")); err != nil {
		t.Errorf("not a network error, yet %v", err)
	}
}
