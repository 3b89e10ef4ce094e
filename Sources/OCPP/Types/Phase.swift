// The phase a sampled value was measured on.

/// The phase of a sampled value (OCPP 1.6 Phase).
public enum Phase: String, OCPPEnum {
    case l1 = "L1"
    case l2 = "L2"
    case l3 = "L3"
    case n = "N"
    case l1N = "L1-N"
    case l2N = "L2-N"
    case l3N = "L3-N"
    case l1L2 = "L1-L2"
    case l2L3 = "L2-L3"
    case l3L1 = "L3-L1"
}
