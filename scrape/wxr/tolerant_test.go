package wxr

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
)

// damagedExport is an export whose items are not all well-formed XML, as
// real ones are not: an attachment URL with a bare & (exports written by
// other tools), a post whose content holds a ]]> (WordPress before 3.1,
// inline <script>//<![CDATA[ blocks), and an item no parser can read.
func damagedExport() string {
	attachment := `<item>
	<title>Photo</title>
	<link>https://example.org/photo/</link>
	<wp:post_id>50</wp:post_id>
	<wp:post_parent>2</wp:post_parent>
	<wp:status>inherit</wp:status>
	<wp:post_type>attachment</wp:post_type>
	<wp:attachment_url>https://images.example.net/photo.jpg?format=750w&content-type=image/jpeg</wp:attachment_url>
</item>
`
	featured := strings.Replace(wxrItem(2, "Featured", "<p>With a photo.</p>"), "</item>",
		"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>50</wp:meta_value></wp:postmeta></item>", 1)
	script := wxrItem(3, "Old script", `<p>Before.</p><script type="text/javascript">//<![CDATA[
var a = 1;
//]]></script><p>After & more.</p>`)
	unreadable := strings.Replace(wxrItem(4, "Lost", "gone"), "<wp:is_sticky>", "<\u00d7 & ><wp:is_sticky>", 1)
	return wxrHead + wxrItem(1, "First", "one") + attachment + featured + script + unreadable + wxrItem(5, "Last", "five") + wxrTail
}

// TestDamagedItems: each damaged item is read as WordPress's importer
// reads it, with a warning naming it and its line, and no item after it
// is lost. Before, the reading stopped at the attachment's bare &: posts
// 2, 3 and 5 were lost (exit 3).
func TestDamagedItems(t *testing.T) {
	doc := damagedExport()
	f, err := openString(t, "damaged.xml", doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, f)
	got := byID(recs)
	for _, id := range []int{1, 2, 3, 5} {
		if _, ok := got[id]; !ok {
			t.Fatalf("post %d is lost", id)
		}
	}
	if len(recs) != 4 {
		t.Errorf("%d records, want 4", len(recs))
	}
	// The attachment's URL, & and all, is the featured image.
	if img, _ := first(got[2].ex.Image); img != "https://images.example.net/photo.jpg?format=750w&content-type=image/jpeg" {
		t.Errorf("featured image = %q", img)
	}
	// The ]]> inside the content ends nothing: the script and the text
	// after it are the post's, as WordPress reads them.
	if b := got[3].body; !strings.Contains(b, "//<![CDATA[\nvar a = 1;\n//]]></script>") || !strings.Contains(b, "<p>After &amp; more.</p>") {
		t.Errorf("body of post 3 = %q", b)
	}
	line := strings.Count(doc[:strings.Index(doc, "<title><![CDATA[Old script")], "\n")
	if w := strings.Join(got[3].ex.Warnings, "\n"); !strings.Contains(w, "damaged.xml") || !strings.Contains(w, "not well-formed XML") ||
		!strings.Contains(w, `post 3 "Old script"`) || !strings.Contains(w, "line "+itoa(line)) {
		t.Errorf("warnings of post 3 = %q, want one naming the item at line %d", w, line)
	}
	if len(got[1].ex.Warnings) > 0 || len(got[5].ex.Warnings) > 0 {
		t.Errorf("whole items have warnings: %q %q", got[1].ex.Warnings, got[5].ex.Warnings)
	}
	// The item that cannot be read even so is one error naming it; the
	// reading goes on after it.
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "item 5") || !strings.Contains(errs[0].Error(), "post 4") || !strings.Contains(errs[0].Error(), "skipped") {
		t.Errorf("errors = %v, want one for item 5 (post 4)", errs)
	}
	if st := f.Stats(); st.Items != 5 || st.ByType["attachment"] != 1 {
		t.Errorf("stats = %+v", st)
	}
}

// TestNoReadableItem: a file whose every item is unreadable is an error;
// one with any readable item is not.
func TestNoReadableItem(t *testing.T) {
	bad := strings.Replace(wxrItem(4, "Lost", "gone"), "<wp:is_sticky>", "<\u00d7><wp:is_sticky>", 1)
	_, err := openString(t, "none.xml", wxrHead+bad+bad+wxrTail, Options{})
	if err == nil || !strings.Contains(err.Error(), "no item of the file can be read") || !strings.Contains(err.Error(), "item 1") {
		t.Errorf("err = %v", err)
	}
}

// TestDamagedWarnsAttachment: an item that is no post, read tolerantly,
// is said through Options.Warn.
func TestDamagedWarnsAttachment(t *testing.T) {
	var said []string
	doc := damagedExport()
	f, err := openString(t, "damaged.xml", doc, Options{Warn: func(m string) { said = append(said, m) }})
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, f)
	line := strings.Count(doc[:strings.Index(doc, "<title>Photo")], "\n") // the line of <item>
	if len(said) != 1 || !strings.Contains(said[0], "item 2 (line "+itoa(line)+", post 50)") || !strings.Contains(said[0], "line "+itoa(line+7)+": invalid character entity") {
		t.Errorf("warnings = %q", said)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// fuzzExport is the valid export FuzzDamagedItem mutates: six items of
// several shapes (CDATA and plain text, an attachment, comments, meta).
func fuzzExport() string {
	items := []string{
		wxrItem(1, "One", "<p>first</p>"),
		strings.Replace(wxrItem(2, "Two &amp; more", "<script>//<![CDATA[\nx\n//]]]]><![CDATA[></script>"), "<wp:is_sticky>", "<!-- note --><wp:is_sticky>", 1),
		`<item><title>Photo</title><link>https://example.org/photo/</link><wp:post_id>3</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type><wp:attachment_url>https://example.org/a.jpg?x=1&amp;y=2</wp:attachment_url></item>
`,
		strings.Replace(wxrItem(4, "Four", "four"), "</item>", "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>3</wp:meta_value></wp:postmeta></item>", 1),
		wxrItem(5, "Five", "five &lt;b&gt;"),
		wxrItem(6, "Six", "six"),
	}
	return wxrHead + strings.Join(items, "") + wxrTail
}

// itemSpans are the byte ranges of the items of doc, <item> to </item>.
func itemSpans(doc string) [][2]int {
	var spans [][2]int
	for k := 0; ; {
		i := strings.Index(doc[k:], "<item>")
		if i < 0 {
			return spans
		}
		j := strings.Index(doc[k+i:], "</item>")
		spans = append(spans, [2]int{k + i, k + i + j + len("</item>")})
		k += i + j
	}
}

// readTitles reads an export and gives each record's title and body by
// post ID; nil when the file cannot be opened.
func readTitles(t *testing.T, doc []byte) map[int]string {
	f, err := OpenFunc("fuzz.xml", func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(doc)), nil }, Options{MaxElementBytes: 1 << 20})
	if err != nil {
		return nil
	}
	out := map[int]string{}
	err = f.Records(context.Background(), func(r *extract.Record) error {
		title, _ := first(r.Extracted.Title)
		out[r.Extracted.PostID] = title + "|" + bodyText(t, r.Extracted)
		return nil
	}, func(*scrape.PageError) {})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func bodyText(t *testing.T, ex *extract.Extracted) string {
	if ex.Content == nil {
		return ""
	}
	var b bytes.Buffer
	if err := html.Render(&b, ex.Content); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// FuzzDamagedItem mutates one place of a valid export (delete some bytes
// at pos, insert others) and checks that the items the mutation does not
// touch are all read, as they are from the valid file: a flaw costs at
// most the items it is in. Changes of the document's own structure
// (<rss>, <channel>, a DTD) are not item damage and are not checked.
func FuzzDamagedItem(f *testing.F) {
	doc := fuzzExport()
	spans := itemSpans(doc)
	f.Add(uint32(0), uint8(0), []byte("&"))
	f.Add(uint32(strings.Index(doc, "x\n//]]")-spans[0][0]), uint8(0), []byte("]]>"))
	f.Add(uint32(strings.Index(doc, "</item>")-spans[0][0]), uint8(7), []byte(""))
	f.Add(uint32(strings.Index(doc, "<wp:post_id>4")-spans[0][0]), uint8(0), []byte("<!--"))
	f.Add(uint32(spans[2][1]-spans[0][0]), uint8(0), []byte("<item>"))
	f.Add(uint32(strings.Index(doc, "<title>Photo")-spans[0][0]), uint8(3), []byte("<![CDATA["))
	want := readTitles(&testing.T{}, []byte(doc))
	f.Fuzz(func(t *testing.T, pos uint32, del uint8, insert []byte) {
		if len(insert) > 64 {
			insert = insert[:64]
		}
		region := spans[len(spans)-1][1] - spans[0][0]
		p := spans[0][0] + int(pos%uint32(region+1))
		d := min(int(del%64), len(doc)-p)
		mutated := doc[:p] + string(insert) + doc[p+d:]
		for _, structure := range []string{"rss", "channel", "<!doctype", "<!entity"} {
			if strings.Count(strings.ToLower(mutated), structure) != strings.Count(strings.ToLower(doc), structure) {
				return
			}
		}
		got := readTitles(t, []byte(mutated))
		if got == nil {
			t.Fatalf("the file cannot be opened after a mutation at %d", p)
		}
		for n, sp := range spans {
			if sp[1] < p || sp[0] > p+d {
				id := n + 1
				if w, ok := want[id]; ok && got[id] != w {
					t.Errorf("item %d (bytes %d-%d), untouched by the mutation at %d-%d, reads %q, want %q", id, sp[0], sp[1], p, p+d, got[id], w)
				}
			}
		}
	})
}

// TestSwallowedItems: a section opened and closed items later (a CDATA
// section where an item should start, a comment left open inside an
// item) makes well-formed XML of several items, or text of the channel;
// WordPress's parser finds the items by their tags, and so does unpress:
// the items after it are read.
func TestSwallowedItems(t *testing.T) {
	one, two, three := wxrItem(1, "One", "one"), wxrItem(2, "Two", "two"), wxrItem(3, "Three", "three")
	for name, doc := range map[string]string{
		// <item> of the first item lost to a stray <![CDATA[ that the
		// second item's title closes.
		"cdata in the channel": wxrHead + strings.Replace(one, "<item>", "<![CDATA[", 1) + two + three + wxrTail,
		// A comment opened before the first item's end, closed after the
		// second's: XML reads one item, WordPress's parser three.
		"comment in an item": wxrHead + strings.Replace(one, "</item>", "<!-- </item>", 1) + strings.Replace(two, "</item>", "</item> --></item>", 1) + three + wxrTail,
	} {
		t.Run(name, func(t *testing.T) {
			got := readTitles(t, []byte(doc))
			if !strings.HasPrefix(got[3], "Three|") {
				t.Errorf("post 3 = %q: lost", got[3])
			}
			if name == "comment in an item" && !strings.HasPrefix(got[2], "Two|") {
				t.Errorf("post 2 = %q: lost", got[2])
			}
		})
	}
}
