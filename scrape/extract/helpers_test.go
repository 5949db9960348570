package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

func nodeTextOf(ex *Extracted) string {
	return nodeText(goquery.NewDocumentFromNode(ex.Content).Selection)
}

func renderHTML(ex *Extracted) string {
	var b strings.Builder
	_ = html.Render(&b, ex.Content)
	return b.String()
}
