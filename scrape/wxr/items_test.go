package wxr

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

var postDates = regexp.MustCompile(`<wp:post_date(_gmt)?>.*?</wp:post_date(_gmt)?>`)

// TestPubDate: an item without a post_date (or with a zero one) is dated
// by its RSS <pubDate>. Before, it had no date at all.
func TestPubDate(t *testing.T) {
	noDate := postDates.ReplaceAllString(wxrItem(1, "No post_date", "a"), "")
	zero := postDates.ReplaceAllString(wxrItem(2, "Zero post_date", "b"), "<wp:post_date>0000-00-00 00:00:00</wp:post_date>")
	draft := postDates.ReplaceAllString(wxrItem(3, "Undated", "c"), "")
	pub := func(item, date string) string {
		return strings.Replace(item, "<dc:creator>", "<pubDate>"+date+"</pubDate><dc:creator>", 1)
	}
	doc := wxrHead + pub(noDate, "Sun, 02 May 2021 08:30:00 +0000") + pub(zero, "Mon, 03 May 2021 09:15:00 +0200") + pub(draft, "Mon, 30 Nov -0001 00:00:00 +0000") + wxrTail
	f, err := openString(t, "pubdate.xml", doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, f)
	got := byID(recs)
	for id, want := range map[int]string{1: "2021-05-02T08:30:00Z", 2: "2021-05-03T09:15:00+02:00", 3: ""} {
		d, _ := first(got[id].ex.Published)
		s := ""
		if !d.Time.IsZero() {
			s = d.Time.Format(time.RFC3339)
		}
		if s != want {
			t.Errorf("post %d: published %q, want %q", id, s, want)
		}
	}
}
