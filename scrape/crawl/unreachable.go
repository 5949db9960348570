package crawl

import (
	"errors"
	"net"
	"net/url"
)

// UnreachableError is a site that could not be reached at all: refused,
// unknown to DNS, timed out. The command line tells the two ways on (check
// the site, or read a saved copy); a raw Go error naming robots.txt, the
// first URL asked for, says neither.
type UnreachableError struct {
	URL string // the site's address as given
	Err error
}

func (e *UnreachableError) Error() string {
	return "crawl: cannot reach " + e.URL + ": " + e.Reason()
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// Reason is the short cause: "connection refused", "no such host",
// "timed out", else the innermost error.
func (e *UnreachableError) Reason() string {
	var dns *net.DNSError
	var op *net.OpError
	var ue *url.Error
	switch {
	case errors.As(e.Err, &dns) && dns.IsNotFound:
		return "no such host"
	case errors.As(e.Err, &dns):
		return "name lookup failed: " + dns.Err
	case errors.As(e.Err, &ue) && ue.Timeout():
		return "timed out"
	case errors.As(e.Err, &op):
		var inner error = op.Err
		for errors.Unwrap(inner) != nil {
			inner = errors.Unwrap(inner)
		}
		return inner.Error()
	}
	return e.Err.Error()
}

// unreachable wraps err when it is a failure to connect at all.
func unreachable(site string, err error) error {
	var op *net.OpError
	var dns *net.DNSError
	if errors.As(err, &op) || errors.As(err, &dns) {
		return &UnreachableError{URL: site, Err: err}
	}
	return nil
}
