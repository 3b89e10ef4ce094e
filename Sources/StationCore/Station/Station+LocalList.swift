// SendLocalList: the central system replaces or changes the local authorization list; the list
// is persisted before the update is acknowledged.

import OCPP

extension Station {
    func sendLocalList(_ request: SendLocalList.Request) -> Answer {
        var updated = localList
        let (status, reason) = updated.apply(
            request, maximumLength: configuration.int(.localAuthListMaxLength), maximumUpdateLength: configuration.int(.sendLocalListMaxLength)
        )
        guard status == .accepted else {
            log("SendLocalList \(request.updateType.rawValue) to version \(request.listVersion): \(status.rawValue), \(reason ?? "")")
            return .payload(SendLocalList.Response(status: status))
        }
        do {
            try store.saveDocument(.localAuthList, updated.json)
        } catch {
            log("SendLocalList not applied, the list could not be saved: \(error)")
            return .payload(SendLocalList.Response(status: .failed))
        }
        localList = updated
        log("local list \(request.updateType.rawValue) update: version \(updated.version), \(updated.count) identifiers")
        return .payload(SendLocalList.Response(status: .accepted))
    }
}
