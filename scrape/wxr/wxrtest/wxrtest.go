// Package wxrtest writes WordPress exports (WXR) for tests: small
// documents to build hostile cases from, and a synthetic export of any
// size with the shape of a real blog's.
package wxrtest

import (
	"fmt"
	"io"
	"strings"
)

// Head opens a small export: a channel with one author and a category
// tree. Items follow, then Tail.
const Head = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Test</title>
	<link>https://example.org</link>
	<language>en-GB</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:author><wp:author_login><![CDATA[ann]]></wp:author_login><wp:author_display_name><![CDATA[Ann O&#039;Neil]]></wp:author_display_name></wp:author>
	<wp:category><wp:category_nicename><![CDATA[news]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
	<wp:category><wp:category_nicename><![CDATA[local]]></wp:category_nicename><wp:category_parent><![CDATA[news]]></wp:category_parent><wp:cat_name><![CDATA[Local &amp; Regional]]></wp:cat_name></wp:category>
`

// Item is one published post with a category and a tag.
func Item(id int, title, content string) string {
	return fmt.Sprintf(`<item>
	<title><![CDATA[%s]]></title>
	<link>https://example.org/2021/05/0%d/post-%d/</link>
	<dc:creator><![CDATA[ann]]></dc:creator>
	<content:encoded><![CDATA[%s]]></content:encoded>
	<excerpt:encoded><![CDATA[]]></excerpt:encoded>
	<wp:post_id>%d</wp:post_id>
	<wp:post_date><![CDATA[2021-05-0%d 00:30:00]]></wp:post_date>
	<wp:post_date_gmt><![CDATA[2021-05-0%d 22:30:00]]></wp:post_date_gmt>
	<wp:post_name><![CDATA[post-%d]]></wp:post_name>
	<wp:status><![CDATA[publish]]></wp:status>
	<wp:post_type><![CDATA[post]]></wp:post_type>
	<wp:post_password><![CDATA[]]></wp:post_password>
	<wp:is_sticky>0</wp:is_sticky>
	<category domain="category" nicename="local"><![CDATA[Local &amp; Regional]]></category>
	<category domain="post_tag" nicename="rain"><![CDATA[rain]]></category>
</item>
`, title, id%9+1, id, content, id, id%9+1, id%9, id)
}

// Tail closes an export.
const Tail = "</channel>\n</rss>\n"

// Synthetic writes an export of n classic posts whose bodies are about
// bodyBytes each, with a category tree, tags, comments, featured images
// and a gallery now and then: the shape of a real blog's export.
func Synthetic(w io.Writer, n, bodyBytes int) error {
	var err error
	write := func(s string) {
		if err == nil {
			_, err = io.WriteString(w, s)
		}
	}
	write(Head)
	para := "The festival programme mixes well-known names with first-time performers from small towns, and it's \"busy\" -- as ever. "
	var body strings.Builder
	for body.Len() < bodyBytes {
		body.WriteString(para)
		if body.Len()%(4*len(para)) < len(para) {
			body.WriteString("\n\n")
		}
	}
	for i := 1; i <= n && err == nil; i++ {
		if i%10 == 1 {
			write(fmt.Sprintf(`<item><title><![CDATA[Photo %d]]></title><link>https://example.org/photo-%d/</link><wp:post_id>%d</wp:post_id><wp:post_parent>%d</wp:post_parent><wp:status><![CDATA[inherit]]></wp:status><wp:post_type><![CDATA[attachment]]></wp:post_type><wp:attachment_url><![CDATA[https://example.org/wp-content/uploads/2021/05/photo-%d.jpg]]></wp:attachment_url></item>
`, i, i, 1000000+i, i, i))
		}
		content := body.String()
		if i%10 == 1 {
			content = "[gallery]\n\n" + content
		}
		item := Item(i, fmt.Sprintf("Post number %d", i), content)
		item = strings.Replace(item, "</item>", fmt.Sprintf(`<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[%d]]></wp:meta_value></wp:postmeta><wp:comment><wp:comment_approved>1</wp:comment_approved><wp:comment_content><![CDATA[Nice.]]></wp:comment_content></wp:comment></item>`, 1000000+i-(i-1)%10), 1)
		write(item)
	}
	write(Tail)
	return err
}
