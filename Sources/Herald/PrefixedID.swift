import Foundation
import Synchronization

/// A type-prefixed identifier such as `msg_01JDQ8…`: the prefix names the kind of object,
/// and the 26 characters after it are a ULID (48-bit milliseconds, 80 random bits, Crockford
/// Base32), so ids sort by creation time as plain strings.
public struct PrefixedID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The kinds of object Herald names.
    public enum Kind: String, Sendable, CaseIterable {
        case application = "app"
        case endpoint = "ep"
        case message = "msg"
        case attempt = "atm"
        /// A batch: several messages to one endpoint sent in one request, whose `webhook-id` it is.
        case batch = "bat"
        /// A test inbox on the server itself.
        case inbox = "inb"
        /// A request a test inbox received.
        case inboxRequest = "req"
        /// An alert rule.
        case alertRule = "alr"
        /// A link to one application's portal.
        case portalLink = "plk"
    }

    /// The full text, prefix included.
    public let rawValue: String

    /// Length of the part after the prefix and underscore.
    static let bodyLength = 26
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// Reads an id of the given kind; nil when the prefix or the body is wrong.
    public init?(_ text: String, kind: Kind) {
        let prefix = kind.rawValue + "_"
        guard text.hasPrefix(prefix) else { return nil }
        let body = text.utf8.dropFirst(prefix.utf8.count)
        guard body.count == Self.bodyLength, body.allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        self.rawValue = text
    }

    init(uncheckedRawValue: String) { self.rawValue = uncheckedRawValue }

    /// The smallest id of `kind` made at `milliseconds` since 1970: every id made earlier sorts
    /// below it, so a time range is a range of ids.
    public static func lowerBound(_ kind: Kind, milliseconds: UInt64) -> PrefixedID {
        PrefixedID(uncheckedRawValue: kind.rawValue + "_" + PrefixedIDGenerator.encode(milliseconds: milliseconds, random: (0, 0)))
    }

    public var description: String { rawValue }

    public static func < (lhs: PrefixedID, rhs: PrefixedID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Makes ``PrefixedID``s that are unique and strictly increasing, even within one millisecond
/// (the random part is incremented, as ULID's monotonic mode does).
public final class PrefixedIDGenerator: Sendable {
    private struct State {
        var lastMilliseconds: UInt64 = 0
        var lastRandom: (high: UInt16, low: UInt64) = (0, 0)
    }

    private let state = Mutex(State())
    private let clock: @Sendable () -> UInt64

    /// The generator every part of Herald shares.
    public static let shared = PrefixedIDGenerator()

    /// A generator reading milliseconds since 1970 from `clock` (tests pass a fixed one).
    public init(clock: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }) {
        self.clock = clock
    }

    /// A new id of the given kind.
    public func next(_ kind: PrefixedID.Kind) -> PrefixedID {
        let (milliseconds, random) = state.withLock { state -> (UInt64, (UInt16, UInt64)) in
            let now = max(clock(), state.lastMilliseconds)
            if now == state.lastMilliseconds {
                let (low, carry) = state.lastRandom.low.addingReportingOverflow(1)
                state.lastRandom = (state.lastRandom.high &+ (carry ? 1 : 0), low)
            } else {
                state.lastMilliseconds = now
                state.lastRandom = (UInt16.random(in: .min ... .max), UInt64.random(in: .min ... .max))
            }
            return (now, state.lastRandom)
        }
        return PrefixedID(uncheckedRawValue: kind.rawValue + "_" + Self.encode(milliseconds: milliseconds, random: random))
    }

    /// Crockford Base32 of the 128 bits: 48 of time, then 80 of randomness.
    static func encode(milliseconds: UInt64, random: (UInt16, UInt64)) -> String {
        // 130 bits of output space: 2 leading zero bits, then the 128 bits.
        let high = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | UInt64(random.0)
        let low = random.1
        var characters = [UInt8](repeating: 0, count: PrefixedID.bodyLength)
        for index in 0..<PrefixedID.bodyLength {
            let bitOffset = (PrefixedID.bodyLength - 1 - index) * 5
            let value: UInt64
            if bitOffset >= 64 {
                value = high >> (bitOffset - 64)
            } else if bitOffset + 5 <= 64 {
                value = low >> bitOffset
            } else {
                value = low >> bitOffset | high << (64 - bitOffset)
            }
            characters[index] = PrefixedID.alphabet[Int(value & 0x1F)]
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
