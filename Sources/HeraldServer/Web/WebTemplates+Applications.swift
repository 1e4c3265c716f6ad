extension WebTemplates {
    /// Every application, and a form to create one (dashboard).
    static let applications = #"""
    {{#hasApps}}
    <div class="scroll"><table class="stack-narrow">
    <thead><tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">UID</th><th scope="col">Created</th></tr></thead>
    <tbody>
    {{#apps}}<tr><td data-label="Name"><a href="{{href}}">{{name}}</a></td><td data-label="Id" class="mono">{{id}}</td><td data-label="UID" class="mono">{{uid}}</td><td data-label="Created">{{#created}}{{> time}}{{/created}}</td></tr>
    {{/apps}}
    </tbody></table></div>
    {{/hasApps}}
    {{^hasApps}}<p>No applications yet. An application holds one customer's endpoints and messages: create one to begin.</p>{{/hasApps}}
    {{#next}}<p><a href="{{.}}">Next page</a></p>{{/next}}
    <h2>New application</h2>
    <form method="post" action="/apps" class="row">
    {{> csrf}}
    <label>Name <input name="name" required maxlength="256"></label>
    <label>UID <span class="hint">optional: your own id for it</span><input name="uid" maxlength="256" pattern="[A-Za-z0-9_.\-]+"></label>
    <button type="submit">Create application</button>
    </form>
    """#

    /// An application's endpoints with their health, its last 24 hours, and (dashboard) forms
    /// to send a message and to make portal links.
    static let application = #"""
    <section class="grid" aria-label="Last 24 hours">
    <div class="card"><h2>Last 24 hours</h2>{{{chart}}}
    <dl class="facts"><dt>Messages</dt><dd>{{messages}}</dd><dt>Attempts</dt><dd>{{attempts}}</dd><dt>Success rate</dt><dd>{{successRate}}</dd><dt>p95 latency</dt><dd>{{p95}}</dd></dl></div>
    <div class="card"><h2>Endpoints</h2><dl class="facts"><dt>Total</dt><dd>{{endpointCount}}</dd><dt>Failing</dt><dd>{{failingCount}}</dd><dt>Circuit open</dt><dd>{{circuitOpenCount}}</dd><dt>Disabled</dt><dd>{{disabledCount}}</dd></dl>
    <p><a href="{{messagesHref}}">Messages and attempts</a></p></div>
    </section>
    <h2>Endpoints</h2>
    {{#hasEndpoints}}
    <div class="scroll"><table class="stack-narrow">
    <thead><tr><th scope="col">URL</th><th scope="col">State</th><th scope="col" class="num">Success (24 h)</th><th scope="col" class="num">p95</th><th scope="col" class="num">Attempts</th><th scope="col">Last 24 h</th></tr></thead>
    <tbody>
    {{#endpoints}}<tr><td data-label="URL"><a href="{{href}}" class="mono">{{url}}</a>{{#description}}<br><span class="muted">{{.}}</span>{{/description}}</td>
    <td data-label="State"><span class="state state-{{state}}">{{stateLabel}}</span></td>
    <td data-label="Success (24 h)" class="num">{{successRate}}</td><td data-label="p95" class="num">{{p95}}</td><td data-label="Attempts" class="num">{{attempts}}</td><td>{{{chart}}}</td></tr>
    {{/endpoints}}
    </tbody></table></div>
    {{/hasEndpoints}}
    {{^hasEndpoints}}<p>No endpoints yet. An endpoint is a URL that receives this application's events: add one below.</p>{{/hasEndpoints}}
    <h2 id="new-endpoint">New endpoint</h2>
    <form method="post" action="{{createEndpointAction}}" class="stack">
    {{> csrf}}
    <label>URL <span class="hint">where the events are POSTed, e.g. https://example.com/webhooks</span><input name="url" type="url" required maxlength="2048"></label>
    <label>Description <input name="description" maxlength="1024"></label>
    {{> eventTypeChoice}}
    <div><button type="submit">Add endpoint</button></div>
    </form>
    {{#canSend}}
    <h2 id="send">Send a message</h2>
    {{> sendMessage}}
    {{/canSend}}
    {{#canLink}}
    <h2 id="portal">Portal links</h2>
    <p>A portal link opens this application's portal: its endpoints, messages and the event catalog, and nothing else. Hand it to the customer who owns the endpoints.</p>
    {{#newLink}}<div class="card"><p><strong>New link</strong>, valid until {{#expires}}{{> time}}{{/expires}} (shown once):</p><p><code id="new-link">{{url}}</code> <button type="button" class="secondary" data-copy="new-link" hidden>Copy</button></p></div>{{/newLink}}
    <form method="post" action="{{portalLinkAction}}" class="row">
    {{> csrf}}
    <label>Valid for <select name="expiresIn"><option value="1h">1 hour</option><option value="24h">24 hours</option><option value="7d">7 days</option><option value="30d">30 days</option></select></label>
    <button type="submit">Make a portal link</button>
    </form>
    {{#hasLinks}}
    <div class="scroll"><table class="stack-narrow"><thead><tr><th scope="col">Link</th><th scope="col">Made</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col"></th></tr></thead><tbody>
    {{#links}}<tr><td data-label="Link" class="mono">{{id}}</td><td data-label="Made">{{#created}}{{> time}}{{/created}}</td><td data-label="Expires">{{#expires}}{{> time}}{{/expires}}</td><td data-label="State">{{state}}</td>
    <td>{{#revocable}}<form method="post" action="{{revokeAction}}" class="inline" data-confirm="Revoke this portal link? Whoever uses it loses access at once.">{{> csrf}}<button type="submit" class="danger">Revoke</button></form>{{/revocable}}</td></tr>
    {{/links}}
    </tbody></table></div>
    {{/hasLinks}}
    {{/canLink}}
    """#

    /// Checkboxes of the catalog's event types (none ticked: every type).
    static let eventTypeChoice = #"""
    <fieldset><legend>Event types</legend>
    <p class="hint">Tick the types this endpoint receives; tick none to receive every type.</p>
    {{#eventTypes}}<label class="check"><input type="checkbox" name="eventTypes" value="{{name}}"{{#checked}} checked{{/checked}}> {{name}}{{#deprecated}} <span class="muted">(deprecated)</span>{{/deprecated}}</label>
    {{/eventTypes}}
    {{^eventTypes}}<p class="muted">The event catalog is empty.</p>{{/eventTypes}}
    </fieldset>
    """#

    /// Sends a message through the API (dashboard).
    static let sendMessage = #"""
    <form method="post" action="{{sendAction}}" class="stack">
    {{> csrf}}
    <label>Event type <select name="eventType" required>{{#eventTypes}}<option value="{{name}}">{{name}}</option>{{/eventTypes}}</select></label>
    <label>Payload <span class="hint">a JSON object, checked against the event type's schema</span><textarea name="payload" required spellcheck="false">{}</textarea></label>
    <label>Event id <span class="hint">optional: a second message with the same id is refused</span><input name="eventId" maxlength="256"></label>
    <div><button type="submit">Send message</button></div>
    </form>
    """#
}
