extension WebTemplates {
    /// An application's messages, filtered by event type, delivery status and time.
    static let messages = #"""
    <form method="get" action="{{action}}" class="row" role="search" aria-label="Filter messages">
    <label>Event type <select name="eventType"><option value="">any</option>{{#eventTypes}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/eventTypes}}</select></label>
    <label>Status <select name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
    <label>After (UTC) <input name="after" type="datetime-local" value="{{after}}"></label>
    <label>Before (UTC) <input name="before" type="datetime-local" value="{{before}}"></label>
    <button type="submit" class="secondary">Filter</button>
    </form>
    {{#hasMessages}}
    <div class="scroll"><table class="stack-narrow">
    <thead><tr><th scope="col">Message</th><th scope="col">Event type</th><th scope="col">Event id</th><th scope="col">Accepted</th></tr></thead>
    <tbody>
    {{#messages}}<tr><td data-label="Message"><a href="{{href}}" class="mono">{{id}}</a></td><td data-label="Event type">{{eventType}}</td><td data-label="Event id" class="mono">{{eventId}}</td><td data-label="Accepted">{{#created}}{{> time}}{{/created}}</td></tr>
    {{/messages}}
    </tbody></table></div>
    {{/hasMessages}}
    {{^hasMessages}}<p>No messages match.</p>{{/hasMessages}}
    {{#next}}<p><a href="{{.}}">Older messages</a></p>{{/next}}
    {{#canSend}}<h2 id="send">Send a message</h2>{{> sendMessage}}{{/canSend}}
    """#

    /// One message: its payload, where it went, every attempt, and a resend per endpoint.
    static let message = #"""
    <dl class="facts"><dt>Id</dt><dd class="mono">{{id}}</dd><dt>Event type</dt><dd><a href="{{eventTypeHref}}">{{eventType}}</a></dd>
    {{#version}}<dt>Version</dt><dd>{{.}}</dd>{{/version}}{{#eventId}}<dt>Event id</dt><dd class="mono">{{.}}</dd>{{/eventId}}
    <dt>Accepted</dt><dd>{{#created}}{{> time}}{{/created}}</dd></dl>
    <h2>Payload</h2>
    <pre id="payload">{{payload}}</pre>
    <h2>Endpoints</h2>
    {{#hasDeliveries}}
    <div class="scroll"><table class="stack-narrow"><thead><tr><th scope="col">Endpoint</th><th scope="col">Last outcome</th><th scope="col" class="num">Attempts</th><th scope="col"></th></tr></thead><tbody>
    {{#deliveries}}<tr><td data-label="Endpoint"><a href="{{endpointHref}}" class="mono">{{endpointLabel}}</a></td><td data-label="Last outcome"><span class="state state-{{status}}">{{outcome}}</span></td><td data-label="Attempts" class="num">{{attempts}}</td>
    <td><form method="post" action="{{resendAction}}" class="inline">{{> csrf}}<button type="submit" class="secondary">Resend</button></form></td></tr>
    {{/deliveries}}
    </tbody></table></div>
    {{/hasDeliveries}}
    {{^hasDeliveries}}<p class="muted">No attempt yet: the message waits for its first attempt, or no endpoint subscribes to its event type.</p>{{/hasDeliveries}}
    <h2>Attempts</h2>
    {{> attemptTable}}
    """#

    /// One attempt: the request Herald sent, the answer it got, and how long it took.
    static let attempt = #"""
    <dl class="facts"><dt>Attempt</dt><dd class="mono">{{id}}</dd><dt>Message</dt><dd><a href="{{messageHref}}" class="mono">{{messageId}}</a></dd>
    <dt>Endpoint</dt><dd><a href="{{endpointHref}}" class="mono">{{endpointLabel}}</a></dd>
    <dt>Number</dt><dd>#{{number}} ({{trigger}})</dd><dt>Started</dt><dd>{{#started}}{{> time}}{{/started}}</dd><dt>Duration</dt><dd>{{duration}}</dd>
    <dt>Outcome</dt><dd><span class="state state-{{status}}">{{outcome}}</span></dd>
    {{#batchId}}<dt>Batch</dt><dd class="mono">{{.}}</dd>{{/batchId}}</dl>
    <form method="post" action="{{resendAction}}" class="actions">{{> csrf}}<button type="submit">Resend this message to this endpoint</button></form>
    <h2>Request</h2>
    <p class="mono">POST {{url}}</p>
    <div class="scroll"><table><thead><tr><th scope="col">Header</th><th scope="col">Value</th></tr></thead><tbody>
    {{#requestHeaders}}<tr><td class="mono">{{name}}</td><td class="mono">{{value}}</td></tr>{{/requestHeaders}}
    </tbody></table></div>
    <p class="hint">Rebuilt from the message, the attempt and the endpoint's current headers; the signature is made with the endpoint's secret when the request is sent and is not kept.</p>
    <h2>Response</h2>
    <dl class="facts"><dt>Status</dt><dd>{{responseStatus}}</dd>{{#contentType}}<dt>Content type</dt><dd class="mono">{{.}}</dd>{{/contentType}}
    {{#errorKind}}<dt>Error</dt><dd>{{.}}{{#errorMessage}}: {{.}}{{/errorMessage}}</dd>{{/errorKind}}</dl>
    {{#hasBody}}<h3>Body (first part kept)</h3><pre>{{responseBody}}</pre>{{/hasBody}}
    {{^hasBody}}<p class="muted">No response body.</p>{{/hasBody}}
    """#
}
