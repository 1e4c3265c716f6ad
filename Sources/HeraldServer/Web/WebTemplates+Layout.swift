/// The mustache templates of the web pages, inside the binary. Every `{{value}}` is HTML-escaped
/// (`<`, `>`, `&`, `"`, `'`); the only unescaped insertions (`{{{…}}}`) are the page's own
/// rendered content and charts the server draws from numbers.
enum WebTemplates {
    static let layout = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    {{#refresh}}<meta http-equiv="refresh" content="0;url={{.}}">{{/refresh}}
    <title>{{title}} · Herald{{#portal}} portal{{/portal}}</title>
    <link rel="stylesheet" href="{{stylePath}}">
    <script src="{{scriptPath}}" defer></script>
    </head>
    <body>
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
    <a class="brand" href="{{home}}">Herald</a>{{#portal}}<span class="tag">{{appName}}</span>{{/portal}}
    {{#hasNav}}<nav aria-label="Main">{{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>{{/hasNav}}
    {{#signOut}}<form method="post" action="{{action}}" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="link" type="submit">Sign out</button></form>{{/signOut}}
    </header>
    <main id="main">
    {{#hasCrumbs}}<p class="crumbs">{{#crumbs}}<a href="{{href}}">{{label}}</a> / {{/crumbs}}</p>{{/hasCrumbs}}
    <h1>{{title}}</h1>
    {{#notice}}<p class="notice" role="status">{{.}}</p>{{/notice}}
    {{#error}}<p class="error" role="alert">{{.}}</p>{{/error}}
    {{{content}}}
    </main>
    </body>
    </html>
    """#

    /// A time, as `<time>` (the script shows it in the reader's zone).
    static let time = #"<time datetime="{{iso}}">{{text}}</time>"#

    /// The hidden CSRF field of every form.
    static let csrf = #"<input type="hidden" name="_csrf" value="{{csrf}}">"#

    /// A page that says what went wrong.
    static let problem = #"""
    <p>{{message}}</p>
    {{#back}}<p><a href="{{.}}">Back</a></p>{{/back}}
    """#

    /// Sign in with the API token.
    static let signIn = #"""
    <form method="post" action="/signin" class="stack card">
    {{> csrf}}
    <label for="token">API token
    <span class="hint" id="token-hint">The token <code>herald serve</code> printed when it first started, or the one it runs with (<code>--api-token</code>, <code>HERALD_API_TOKEN</code>).</span></label>
    <input id="token" type="password" name="token" autocomplete="current-password" aria-describedby="token-hint" required autofocus>
    <button type="submit">Sign in</button>
    </form>
    """#

    /// The portal link was opened: on to the portal (a same-site navigation, which carries the
    /// SameSite=Strict cookie the link's answer set).
    static let portalEnter = #"""
    <p>Opening the portal… <a href="{{next}}">Continue</a></p>
    """#
}
