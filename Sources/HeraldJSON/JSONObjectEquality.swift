/// Unordered, last-member-wins comparison of JSON object members.
enum JSONObjectEquality {
    /// Returns `true` when both member lists describe the same map: the same set
    /// of names, and for each name the last member of that name on either side
    /// holds equal values.
    static func membersEqual(_ lhs: [JSONMember], _ rhs: [JSONMember]) -> Bool {
        // Fast path: the same names in the same order (the common case).
        if lhs.count == rhs.count {
            var sameOrder = true
            for index in lhs.indices where lhs[index].key != rhs[index].key {
                sameOrder = false
                break
            }
            if sameOrder {
                for index in lhs.indices where lhs[index].value != rhs[index].value {
                    // Only the last member of a name counts; an earlier duplicate may differ.
                    let key = lhs[index].key
                    let overridden = lhs[(index + 1)...].contains(where: { $0.key == key })
                    if !overridden { return false }
                }
                return true
            }
        }
        let left = lastValues(lhs)
        let right = lastValues(rhs)
        guard left.count == right.count else { return false }
        for (key, value) in left {
            guard let other = right[key], other == value else { return false }
        }
        return true
    }

    /// The effective map of an object: each name bound to its last value.
    static func lastValues(_ members: [JSONMember]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        result.reserveCapacity(members.count)
        for member in members {
            result[member.key] = member.value
        }
        return result
    }
}
