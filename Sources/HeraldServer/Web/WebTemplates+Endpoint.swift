extension WebTemplates {
    /// One endpoint: its settings (editable), health, secret, test event, recovery and its
    /// latest attempts.
    static let endpoint = #"""
    <section class="grid">
    <div class="card"><h2>Health</h2>
    <p><span class="state state-{{state}}">{{stateLabel}}</span> {{#since}}since {{> time}}{{/since}}</p>
    {{{chart}}}
    <dl class="facts">
    <dt>Attempts (24 h)</dt><dd>{{attempts}}</dd><dt>Success rate</dt><dd>{{successRate}}</dd>
    <dt>Latency</dt><dd>p50 {{p50}} · p95 {{p95}} · p99 {{p99}}</dd>
    <dt>Last success</dt><dd>{{#lastSuccess}}{{> time}}{{/lastSuccess}}{{^lastSuccess}}none{{/lastSuccess}}</dd>
    {{#lastFailure}}<dt>Last failure</dt><dd>{{#at}}{{> time}}{{/at}}: {{reason}}</dd>{{/lastFailure}}
    {{#circuitOpenUntil}}<dt>Circuit open until</dt><dd>{{> time}}</dd>{{/circuitOpenUntil}}
    </dl></div>
    <div class="card"><h2>Endpoint</h2>
    <dl class="facts"><dt>Id</dt><dd class="mono">{{id}}</dd><dt>URL</dt><dd class="mono">{{url}}</dd>
    <dt>Event types</dt><dd>{{eventTypesText}}</dd><dt>Rate limit</dt><dd>{{rateLimitText}}</dd>
    <dt>Batching</dt><dd>{{batchText}}</dd><dt>Timeout</dt><dd>{{timeoutText}}</dd><dt>Created</dt><dd>{{#created}}{{> time}}{{/created}}</dd></dl></div>
    </section>

    <h2 id="settings">Settings</h2>
    <form method="post" action="{{updateAction}}" class="stack">
    {{> csrf}}
    <label>URL <input name="url" type="url" value="{{url}}" required maxlength="2048"></label>
    <label>Description <input name="description" value="{{description}}" maxlength="1024"></label>
    {{> eventTypeChoice}}
    <label>Rate limit <span class="hint">requests per second, empty for none</span><input name="rateLimit" type="number" min="1" max="100000" value="{{rateLimit}}"></label>
    <fieldset><legend>Batching</legend>
    <p class="hint">Several events in one request (a signed JSON array). Leave both empty to send one event per request.</p>
    <label>Most events per request <input name="batchMaxEvents" type="number" min="2" max="1000" value="{{batchMaxEvents}}"></label>
    <label>Longest wait, ms <input name="batchMaxWaitMs" type="number" min="0" max="60000" value="{{batchMaxWaitMs}}"></label>
    </fieldset>
    <label>Timeout, ms <span class="hint">1,000 to 60,000; empty for the server's default</span><input name="timeoutMs" type="number" min="1000" max="60000" value="{{timeoutMs}}"></label>
    <label class="check"><input type="checkbox" name="disabled" value="true"{{#disabled}} checked{{/disabled}}> Disabled (nothing is sent while it is ticked)</label>
    <div><button type="submit">Save settings</button></div>
    </form>

    <h2 id="secret">Signing secret</h2>
    <details><summary>Show the signing secret</summary>
    <p><code id="secret-value">{{secret}}</code> <button type="button" class="secondary" data-copy="secret-value" hidden>Copy</button></p>
    {{#previousSecrets}}<p class="muted">Previous secret <code>{{key}}</code> still signs until {{#expires}}{{> time}}{{/expires}}</p>{{/previousSecrets}}
    </details>
    <form method="post" action="{{rotateAction}}" class="row" data-confirm="Rotate the signing secret? The receiver must learn the new one before the old one stops signing.">
    {{> csrf}}
    <label>Old secret keeps signing for <select name="gracePeriodSeconds"><option value="86400">24 hours</option><option value="3600">1 hour</option><option value="0">no time: stop at once</option></select></label>
    <button type="submit" class="secondary">Rotate secret</button>
    </form>

    <h2 id="test">Send a test event</h2>
    <form method="post" action="{{testAction}}" class="row">
    {{> csrf}}
    <label>Event type <select name="eventType"><option value="">herald.test (a ping)</option>{{#eventTypes}}<option value="{{name}}">{{name}}</option>{{/eventTypes}}</select></label>
    <button type="submit">Send test event</button>
    </form>

    <h2 id="recover">Recover failed deliveries</h2>
    <form method="post" action="{{recoverAction}}" class="row">
    {{> csrf}}
    <label>Failed since (UTC) <input name="since" type="datetime-local" required value="{{recoverSince}}"></label>
    <button type="submit" class="secondary">Send them again</button>
    </form>

    <h2 id="attempts">Latest attempts</h2>
    {{> attemptTable}}

    <h2>Delete</h2>
    <form method="post" action="{{deleteAction}}" data-confirm="Delete this endpoint? Its deliveries stop and its history goes.">
    {{> csrf}}
    <button type="submit" class="danger">Delete endpoint</button>
    </form>
    """#

    /// Attempts, newest first, each linking to its details.
    static let attemptTable = #"""
    {{#hasAttempts}}
    <div class="scroll"><table class="stack-narrow">
    <thead><tr><th scope="col">Time</th><th scope="col">Message</th><th scope="col">Endpoint</th><th scope="col">Outcome</th><th scope="col" class="num">Duration</th><th scope="col">Trigger</th><th scope="col"></th></tr></thead>
    <tbody>
    {{#attempts}}<tr><td data-label="Time">{{#started}}{{> time}}{{/started}}</td><td data-label="Message"><a href="{{messageHref}}" class="mono">{{messageId}}</a></td>
    <td data-label="Endpoint" class="mono">{{endpointLabel}}</td>
    <td data-label="Outcome"><span class="state state-{{status}}">{{outcome}}</span></td><td data-label="Duration" class="num">{{duration}}</td>
    <td data-label="Trigger">#{{number}} {{trigger}}</td><td><a href="{{href}}">Details</a></td></tr>
    {{/attempts}}
    </tbody></table></div>
    {{/hasAttempts}}
    {{^hasAttempts}}<p class="muted">No attempts yet.</p>{{/hasAttempts}}
    """#
}
