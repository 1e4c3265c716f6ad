extension WebTemplates {
    /// Every event type in the catalog.
    static let catalog = #"""
    <p>The events this service sends: what each one means, the fields of its payload and an example.</p>
    {{#hasTypes}}
    <div class="scroll"><table class="stack-narrow"><thead><tr><th scope="col">Event type</th><th scope="col">Description</th><th scope="col">Version</th></tr></thead><tbody>
    {{#types}}<tr><td data-label="Event type"><a href="{{href}}" class="mono">{{name}}</a>{{#deprecated}} <span class="state state-disabled">deprecated</span>{{/deprecated}}</td><td data-label="Description">{{description}}</td><td data-label="Version">{{version}}</td></tr>
    {{/types}}
    </tbody></table></div>
    {{/hasTypes}}
    {{^hasTypes}}<p>The catalog is empty.</p>{{/hasTypes}}
    {{#canEdit}}
    <h2 id="new-event-type">New event type</h2>
    <form method="post" action="/catalog" class="stack">
    {{> csrf}}
    <label>Name <span class="hint">dot-separated words, e.g. order.created</span><input name="name" required maxlength="256" pattern="[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*"></label>
    <label>Description <input name="description" maxlength="4096"></label>
    <label>Version <span class="hint">optional, e.g. 1 or 2024-06-01</span><input name="version" maxlength="64"></label>
    <label>Schema <span class="hint">optional: a JSON Schema that every payload of this type must match; its properties' descriptions document the fields</span><textarea name="schema" spellcheck="false"></textarea></label>
    <div><button type="submit">Add event type</button></div>
    </form>
    {{/canEdit}}
    """#

    /// One event type: its description, its schema as a table of fields, and an example.
    static let eventType = #"""
    {{#deprecated}}<p class="error" role="note">Deprecated: it may stop being sent; move to its successor.</p>{{/deprecated}}
    <p>{{description}}</p>
    <dl class="facts">{{#version}}<dt>Version</dt><dd>{{.}}</dd>{{/version}}<dt>Updated</dt><dd>{{#updated}}{{> time}}{{/updated}}</dd></dl>
    <h2>Fields of the payload</h2>
    {{#hasFields}}
    <div class="scroll"><table class="stack-narrow"><thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead><tbody>
    {{#fields}}<tr><td data-label="Field" class="mono">{{name}}</td><td data-label="Type">{{type}}</td><td data-label="Required">{{#required}}yes{{/required}}{{^required}}no{{/required}}</td><td data-label="Description">{{description}}</td></tr>
    {{/fields}}
    </tbody></table></div>
    {{/hasFields}}
    {{^hasFields}}<p class="muted">This event type has no schema: its payload may be any JSON object.</p>{{/hasFields}}
    <h2>Example payload</h2>
    <pre>{{example}}</pre>
    <h2>Envelope</h2>
    <p>Each request's body wraps the payload: <code>{"type": "{{name}}", "timestamp": "…", "data": {…}}</code>, signed as Standard Webhooks describes (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>).</p>
    """#

    /// Test inboxes: a URL on this server that records what it receives.
    static let inbox = #"""
    <p>A test inbox is a URL on this server that records every request it receives and checks its signature: point an endpoint at it to see real deliveries before writing a receiver.</p>
    {{#inbox}}
    <div class="card">
    <dl class="facts"><dt>URL</dt><dd><code id="inbox-url">{{url}}</code> <button type="button" class="secondary" data-copy="inbox-url" hidden>Copy</button></dd>
    <dt>Secret</dt><dd><code>{{secret}}</code> <span class="hint">give the endpoint this secret so that signatures verify</span></dd>
    {{#expires}}<dt>Expires</dt><dd>{{> time}}</dd>{{/expires}}</dl>
    <p><a href="{{refreshHref}}">Refresh</a></p>
    </div>
    <h2>Requests received</h2>
    {{#hasRequests}}
    {{#requests}}<div class="card"><p><strong>{{#received}}{{> time}}{{/received}}</strong> · <span class="mono">{{path}}</span> · <span class="state state-{{verifiedState}}">{{verifiedLabel}}</span></p>
    <details><summary>Headers</summary><table><tbody>{{#headers}}<tr><td class="mono">{{name}}</td><td class="mono">{{value}}</td></tr>{{/headers}}</tbody></table></details>
    <pre>{{body}}</pre></div>
    {{/requests}}
    {{/hasRequests}}
    {{^hasRequests}}<p class="muted">Nothing received yet.</p>{{/hasRequests}}
    {{/inbox}}
    <h2>New inbox</h2>
    <form method="post" action="{{createAction}}" class="row">
    {{> csrf}}
    <button type="submit">Create a test inbox</button>
    </form>
    """#
}
