import Herald
import Testing
@testable import HeraldDelivery

@Suite("IPAddress classification")
struct IPAddressClassificationTests {
    static let table: [(String, IPAddressClass)] = [
        // IPv4 public
        ("8.8.8.8", .public),
        ("1.1.1.1", .public),
        ("93.184.216.34", .public),
        ("100.63.255.255", .public),
        ("100.128.0.0", .public),
        ("172.15.255.255", .public),
        ("172.32.0.0", .public),
        ("192.0.1.255", .public),
        ("198.17.255.255", .public),
        ("198.20.0.0", .public),
        ("223.255.255.255", .public),
        // IPv4 special
        ("0.0.0.0", .unspecified),
        ("0.1.2.3", .reserved),
        ("10.0.0.0", .privateUse),
        ("10.255.255.255", .privateUse),
        ("100.64.0.1", .sharedAddressSpace),
        ("100.127.255.255", .sharedAddressSpace),
        ("127.0.0.1", .loopback),
        ("127.255.255.254", .loopback),
        ("169.254.169.254", .linkLocal),
        ("172.16.0.1", .privateUse),
        ("172.31.255.255", .privateUse),
        ("192.0.0.8", .reserved),
        ("192.0.2.1", .documentation),
        ("192.88.99.1", .reserved),
        ("192.168.1.1", .privateUse),
        ("198.18.0.1", .benchmarking),
        ("198.19.255.255", .benchmarking),
        ("198.51.100.7", .documentation),
        ("203.0.113.9", .documentation),
        ("224.0.0.1", .multicast),
        ("239.255.255.255", .multicast),
        ("240.0.0.1", .reserved),
        ("255.255.255.254", .reserved),
        ("255.255.255.255", .broadcast),
        // IPv6 public
        ("2606:4700::1111", .public),
        ("2001:4860:4860::8888", .public),
        ("2a00:1450:4001:82b::200e", .public),
        // IPv6 special
        ("::", .unspecified),
        ("::1", .loopback),
        ("fc00::1", .uniqueLocal),
        ("fd12:3456:789a::1", .uniqueLocal),
        ("fe80::1", .linkLocal),
        ("febf:ffff::1", .linkLocal),
        ("fec0::1", .siteLocal),
        ("ff02::1", .multicast),
        ("ff05::1:3", .multicast),
        ("2001:db8::1", .documentation),
        ("3fff::1", .documentation),
        ("100::1", .reserved),
        ("100::ffff:ffff:ffff:ffff", .reserved),
        ("2001::1", .reserved),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", .reserved),
        ("2001:2::1", .benchmarking),
        ("2001:10::1", .reserved),
        ("64:ff9b:1::1", .reserved),
        ("4000::1", .reserved),
        ("::ffff:0:1.2.3.4", .reserved),
        // IPv4-mapped
        ("::ffff:127.0.0.1", .loopback),
        ("::ffff:7f00:1", .loopback),
        ("::ffff:10.1.2.3", .privateUse),
        ("::ffff:169.254.169.254", .linkLocal),
        ("::ffff:8.8.8.8", .public),
        ("::ffff:0.0.0.0", .unspecified),
        // IPv4-compatible (deprecated)
        ("::127.0.0.1", .loopback),
        ("::192.168.0.1", .privateUse),
        ("::8.8.8.8", .public),
        ("::2", .reserved),
        // NAT64
        ("64:ff9b::10.0.0.1", .privateUse),
        ("64:ff9b::7f00:1", .loopback),
        ("64:ff9b::8.8.8.8", .public),
        // 6to4
        ("2002:7f00:1::", .loopback),
        ("2002:c0a8:101::1", .privateUse),
        ("2002:a9fe:a9fe::1", .linkLocal),
        ("2002:808:808::1", .public),
    ]

    @Test("class of each address", arguments: table)
    func classifies(_ text: String, _ expected: IPAddressClass) throws {
        let address = try #require(IPAddress(text), "\(text) should parse")
        #expect(address.classification == expected, "\(text)")
    }

    @Test("table is large and covers every class")
    func tableCoverage() {
        #expect(Self.table.count >= 40)
        #expect(Set(Self.table.map(\.1)) == Set(IPAddressClass.allCases))
    }
}
