package output

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/unpress/unpress/scrape"
)

// videoEmbed is a YouTube or Vimeo video named by the canonical URL the
// converter passes to Embed.
type videoEmbed struct {
	provider, id string
	start        string // YouTube's start time in seconds, if any
}

func parseVideo(raw string) (videoEmbed, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return videoEmbed{}, false
	}
	switch scrape.BareHost(u.Host) {
	case "youtube.com":
		q := u.Query()
		if id := q.Get("v"); u.Path == "/watch" && id != "" && safeID(id) {
			return videoEmbed{provider: "youtube", id: id, start: strings.TrimSuffix(q.Get("t"), "s")}, true
		}
	case "vimeo.com":
		if id := strings.Trim(u.Path, "/"); id != "" && !strings.Contains(id, "/") && safeID(id) && u.RawQuery == "" {
			return videoEmbed{provider: "vimeo", id: id}, true
		}
	}
	return videoEmbed{}, false
}

func safeID(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// hugoEmbed uses Hugo's built-in youtube and vimeo shortcodes; a start
// time, which those shortcodes cannot take in every Hugo version, keeps
// the link.
func hugoEmbed(raw string) string {
	if v, ok := parseVideo(raw); ok && v.start == "" {
		return "{{< " + v.provider + " " + v.id + " >}}"
	}
	return embedLink(raw)
}

// htmlEmbed writes the player as HTML, which Jekyll (kramdown), Eleventy
// (markdown-it) and Astro pass through: Markdown has no way to say it.
func htmlEmbed(raw string) string {
	v, ok := parseVideo(raw)
	if !ok {
		return embedLink(raw)
	}
	src := "https://www.youtube-nocookie.com/embed/" + v.id
	title := "YouTube video"
	if v.provider == "vimeo" {
		src, title = "https://player.vimeo.com/video/"+v.id, "Vimeo video"
	} else if v.start != "" && safeID(v.start) {
		src += "?start=" + v.start
	}
	return `<iframe src="` + src + `" title="` + title + `" width="560" height="315" loading="lazy" allowfullscreen></iframe>`
}

// embedLink is the converter's default embed, a Markdown link with the
// URL as its text, escaped as the converter escapes link text.
func embedLink(raw string) string {
	var text strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\\', '[', ']', '`', '*', '<', '_':
			text.WriteByte('\\')
		}
		text.WriteByte(c)
	}
	dest := strings.NewReplacer(" ", "%20", "\t", "%09", "\n", "%0A", "\r", "%0D", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(raw)
	return "[" + text.String() + "](" + dest + ")"
}

// liquidRaw keeps Jekyll's Liquid away from a body that holds "{{" or
// "{%": the text is shown as written instead of being run as a template.
func liquidRaw(body string) string {
	if !strings.Contains(body, "{{") && !strings.Contains(body, "{%") {
		return body
	}
	// An endraw tag inside the body, however spaced ("{%endraw%}",
	// "{%- endraw -%}"), would end the raw block early and let what
	// follows run: each is closed, printed as a string, and reopened.
	body = endRaw.ReplaceAllStringFunc(body, func(tag string) string {
		// Liquid's tokenizer ends an output tag at its first "}", even
		// inside a string: the braces are printed by tags of their own.
		return "{% endraw %}" + liquidBraces.Replace(tag) + "{% raw %}"
	})
	return "{% raw %}\n" + body + "\n{% endraw %}"
}

// endRaw matches Liquid's endraw tag in any spacing and trim form.
var endRaw = regexp.MustCompile(`\{%-?\s*endraw\s*-?%\}`)

// liquidBraces prints braces outside a raw block.
var liquidBraces = strings.NewReplacer("{", `{{ "{" }}`, "}", `{{ "%7D" | url_decode }}`)

// hugoShortcodes keeps Hugo's shortcodes in a body's text from running
// (Hugo runs them even in code blocks): "{{< x >}}" and "{{% x %}}" are
// written with Hugo's comment delimiters, "{{</* x */>}}", which Hugo
// shows as "{{< x >}}". unpress's own embeds (a line that is one youtube
// or vimeo shortcode, hugoEmbed's) stay live.
func hugoShortcodes(body string) string {
	if !strings.Contains(body, "{{<") && !strings.Contains(body, "{{%") {
		return body
	}
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if !ownEmbed.MatchString(l) {
			lines[i] = shortcode.ReplaceAllString(l, "{{$1/*$2*/$3}}")
		}
	}
	return strings.Join(lines, "\n")
}

var (
	shortcode = regexp.MustCompile(`\{\{([<%])(.*?)([>%])\}\}`)
	ownEmbed  = regexp.MustCompile(`^\{\{< (?:youtube|vimeo) [A-Za-z0-9_-]+ >\}\}$`)
)
