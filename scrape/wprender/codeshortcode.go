package wprender

import (
	"html"
	"strings"
)

// codeShortcodes are the code shortcodes of SyntaxHighlighter Evolved and
// of WordPress.com: "[sourcecode language="php"]…[/sourcecode]", "[code
// lang="js"]…[/code]". Their plugin is usually gone from the new site, and
// their content is code, not text: it must keep its straight quotes and
// its lines.
var codeShortcodes = map[string]bool{"sourcecode": true, "code": true}

// codeBlocks turns each code shortcode into the <pre><code> the plugin
// shows, with its language as a class ("language-php") that the Markdown
// converter makes a fenced block's language. It runs before every other
// filter: autop leaves a <pre> alone, texturize does not curl its quotes.
func codeBlocks(s string) string {
	if !strings.Contains(s, "[code") && !strings.Contains(s, "[sourcecode") {
		return s
	}
	return replaceShortcodes(s, codeShortcodes, func(sc shortcode) string {
		if sc.escaped || !sc.enclosing {
			return s[sc.start:sc.end]
		}
		lang := sc.attrs["language"]
		if lang == "" {
			lang = sc.attrs["lang"]
		}
		if lang == "" && len(sc.positional) > 0 {
			lang = sc.positional[0] // [code php]
		}
		// The editor stores the code either escaped or raw: both are read
		// as the code's text. The line break after [code] is the tag's.
		code := html.UnescapeString(strings.Trim(sc.content, "\r\n"))
		class := ""
		if lang = strings.ToLower(strings.TrimSpace(lang)); lang != "" && languageName(lang) {
			class = ` class="language-` + lang + `"`
		}
		return "<pre><code" + class + ">" + html.EscapeString(code) + "</code></pre>"
	})
}

// languageName reports whether a language attribute can be a class name.
func languageName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("+#._-", r)) {
			return false
		}
	}
	return true
}
