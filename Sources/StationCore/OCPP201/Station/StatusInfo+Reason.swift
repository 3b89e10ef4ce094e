// The statusInfo the 2.0.1 station gives with a refusal: a reason code and a detail we compose,
// cut to the schema's lengths. One helper for every block's answers.

import OCPP201
import struct OCPP.BoundedString

extension StatusInfo {
    /// A status with `reason` as reasonCode (cut to 20 characters) and `detail` as additionalInfo
    /// (cut to 512).
    init(reason: String, detail: String? = nil) {
        self.init(reasonCode: BoundedString(cutting: reason), additionalInfo: detail.map { BoundedString(cutting: $0) })
    }
}
