/// Every `pattern` of the OpenAPI document, as the server checks it. `OpenAPIDocumentTests`
/// holds the document to these texts.
enum APIPatterns {
    /// An event type name: dot-separated words of letters, digits and `_` (`order.created`).
    static let eventTypeName = APIPattern(#"^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$"#)

    /// An application's `uid`: 1 to 256 letters, digits, `_`, `.` and `-` (and not `app_…`).
    static let applicationUID = APIPattern(#"^[A-Za-z0-9_.-]{1,256}$"#)
    /// What a `uid` must not start with: the prefix of application ids.
    static let applicationIDPrefix = APIPattern(#"^app_[\s\S]*$"#)

    /// An `Idempotency-Key`: 1 to 255 printable ASCII characters, no space at either end.
    static let idempotencyKey = APIPattern(#"^[\x21-\x7E](?:[\x20-\x7E]{0,253}[\x21-\x7E])?$"#)

    /// A `cursor`: empty, or the unpadded base64url of `c1:` and a sort key, as the server
    /// writes them (so the last character carries no stray bits).
    static let cursor = APIPattern(#"^(?:YzE6(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{4}|[A-Za-z0-9_-]{2}[AEIMQUYcgkosw048]|[A-Za-z0-9_-][AQgw]))?$"#)

    /// A `whsec_` secret: padded standard Base64 of 24 to 64 bytes, in its one canonical spelling.
    static let webhookSecret = APIPattern(
        #"^whsec_(?:(?:[A-Za-z0-9+/]{4}){8,20}(?:[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?|(?:[A-Za-z0-9+/]{4}){21}(?:[A-Za-z0-9+/][AQgw]==)?)$"#
    )

    /// One delay of a retry schedule, at most 7 days: seconds (`30` or `30s`, to 604800),
    /// minutes (to `10080m`), hours (to `168h`) or days (to `7d`), without leading zeros.
    static let retryDelay = APIPattern(
        "^(?:(?:0|[1-9][0-9]{0,4}|[1-5][0-9]{5}|60[0-3][0-9]{3}|604[0-7][0-9]{2}|604800)s?"
            + "|(?:0|[1-9][0-9]{0,3}|100[0-7][0-9]|10080)m"
            + "|(?:0|[1-9][0-9]?|1[0-5][0-9]|16[0-8])h"
            + "|[0-7]d)$"
    )

    /// An endpoint URL: http or https, a DNS name (whose last label starts with a letter), an
    /// IPv4 address or a bracketed IPv6 address, an optional port from 1 to 65535, then a path
    /// and query of RFC 3986 characters and percent escapes. No user info, no fragment.
    static let endpointURL = APIPattern(
        "^[Hh][Tt][Tt][Pp][Ss]?://(?:" + URLGrammar.dnsName + "|" + URLGrammar.ipv4 + "|\\[" + URLGrammar.ipv6 + "\\])"
            + URLGrammar.port + URLGrammar.path + URLGrammar.query + "$"
    )

    /// A portal link's lifetime, from 1 minute to 30 days, in minutes (`1m` to `43200m`), hours
    /// (`1h` to `720h`) or days (`1d` to `30d`), without leading zeros.
    static let portalLinkLifetime = APIPattern(
        "^(?:(?:[1-9][0-9]{0,3}|[1-3][0-9]{4}|4[0-2][0-9]{3}|43[01][0-9]{2}|43200)m|(?:[1-9][0-9]?|[1-6][0-9]{2}|7[01][0-9]|720)h|(?:[1-9]|[12][0-9]|30)d)$"
    )

    /// A header name an endpoint may set: an RFC 9110 token.
    static let headerName = APIPattern(#"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"#)
    /// Header names Herald sets itself, compared without regard to case.
    static let reservedHeaderName = APIPattern(
        "^(?:" + caseInsensitive("webhook-") + "[\\s\\S]*|"
            + ["content-type", "host", "content-length", "user-agent", "transfer-encoding", "connection", "x-webhook-version"]
                .map(caseInsensitive).joined(separator: "|") + ")$"
    )
    /// A header value: one line of printable ASCII, spaces and tabs.
    static let headerValue = APIPattern(#"^[\t\x20-\x7E]*$"#)

    /// `[Hh][Oo][Ss][Tt]` for `host`: a case-insensitive literal without regex flags.
    private static func caseInsensitive(_ literal: String) -> String {
        literal.map { character in
            let lower = character.lowercased(), upper = character.uppercased()
            return lower == upper ? String(character) : "[\(upper)\(lower)]"
        }.joined()
    }
}

/// The parts of ``APIPatterns/endpointURL``, after RFC 3986.
private enum URLGrammar {
    static let label = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    /// Labels joined by dots; the last starts with a letter, so no name reads as an IPv4 number.
    static let dnsName = "(?:" + label + "\\.)*[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    static let octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
    static let ipv4 = "(?:" + octet + "\\.){3}" + octet
    static let h16 = "[0-9A-Fa-f]{1,4}"
    static let ls32 = "(?:" + h16 + ":" + h16 + "|" + ipv4 + ")"
    static let ipv6 = "(?:" + [
        "(?:" + h16 + ":){6}" + ls32,
        "::(?:" + h16 + ":){5}" + ls32,
        "(?:" + h16 + ")?::(?:" + h16 + ":){4}" + ls32,
        "(?:(?:" + h16 + ":){0,1}" + h16 + ")?::(?:" + h16 + ":){3}" + ls32,
        "(?:(?:" + h16 + ":){0,2}" + h16 + ")?::(?:" + h16 + ":){2}" + ls32,
        "(?:(?:" + h16 + ":){0,3}" + h16 + ")?::" + h16 + ":" + ls32,
        "(?:(?:" + h16 + ":){0,4}" + h16 + ")?::" + ls32,
        "(?:(?:" + h16 + ":){0,5}" + h16 + ")?::" + h16,
        "(?:(?:" + h16 + ":){0,6}" + h16 + ")?::",
    ].joined(separator: "|") + ")"
    static let port = "(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?"
    static let pathCharacter = "(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})"
    static let path = "(?:/" + pathCharacter + "*)*"
    static let query = "(?:\\?(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?"
}
