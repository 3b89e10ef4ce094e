#!/usr/bin/env python3
"""Generates the typed OCPP 2.0.1 payloads of the OCPP201 target from the official JSON schemas.

Usage: scripts/gen-ocpp201.py [--check] [SCHEMA_FOLDER]   (default: Tests/Fixtures/ocpp201-schemas)

With --check nothing is written: the script exits 1, naming the files, when a committed file
differs from what it would write (the OCPP201 tests run this, so hand edits are caught).

Writes, and overwrites:
  Sources/OCPP201/Actions/<Action>.swift        one file per action: its Request and Response, and
                                                the datatypes and enumerations only it uses;
  Sources/OCPP201/Types/<Type>.swift            datatypes and enumerations used by several actions;
  Sources/OCPP201/Action.swift                  the action catalogue (initiator, functional block);
  Sources/OCPP201/Action+Types.swift            the action -> request type table;
  Tests/OCPP201Tests/Samples/<Block>Samples.swift  a minimal and a full sample of every payload.

The generated files are committed; run this again only when the schemas or the rules here change.
Validation the schemas ask for is emitted as code: required members, string `maxLength`
(BoundedString), enumerations (OCPPEnum), array `minItems`/`maxItems` and integer `minimum`/
`maximum` (a custom `init(from:)`), date-times (Timestamp). Every object also accepts the schemas'
optional `customData` member.
"""
import json
import keyword
import pathlib
import re
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ROOT / "Sources" / "OCPP201"
SAMPLES = ROOT / "Tests" / "OCPP201Tests" / "Samples"

CS, CSMS, EITHER = "chargingStation", "centralSystem", "either"

# Action -> (who sends the request, functional block, what it is for).
ACTIONS = {
    "Authorize": (CS, "C", "ask whether an idToken may charge, with its certificate data for ISO 15118"),
    "BootNotification": (CS, "B", "the station registers after every boot, saying why it booted"),
    "CancelReservation": (CSMS, "H", "cancel a reservation"),
    "CertificateSigned": (CSMS, "A", "install the certificate chain signed for the station's CSR"),
    "ChangeAvailability": (CSMS, "G", "make the station, an EVSE or a connector operative or inoperative"),
    "ClearCache": (CSMS, "C", "clear the authorization cache"),
    "ClearChargingProfile": (CSMS, "K", "remove charging profiles by id or by criteria"),
    "ClearDisplayMessage": (CSMS, "O", "remove a display message"),
    "ClearVariableMonitoring": (CSMS, "N", "remove variable monitors by id"),
    "ClearedChargingLimit": (CS, "K", "an external charging limit was cleared"),
    "CostUpdated": (CSMS, "I", "the running cost of a transaction"),
    "CustomerInformation": (CSMS, "N", "report or clear the data the station keeps about a customer"),
    "DataTransfer": (EITHER, "P", "vendor-specific data, in either direction"),
    "DeleteCertificate": (CSMS, "M", "delete an installed certificate"),
    "FirmwareStatusNotification": (CS, "L", "the progress of a firmware update"),
    "Get15118EVCertificate": (CS, "M", "have the CSMS install or update an EV's ISO 15118 contract certificate"),
    "GetBaseReport": (CSMS, "B", "report a predefined part of the device model through NotifyReport"),
    "GetCertificateStatus": (CS, "M", "ask the CSMS for the OCSP status of a certificate"),
    "GetChargingProfiles": (CSMS, "K", "report the installed charging profiles through ReportChargingProfiles"),
    "GetCompositeSchedule": (CSMS, "K", "the schedule that results from all profiles on an EVSE"),
    "GetDisplayMessages": (CSMS, "O", "report display messages through NotifyDisplayMessages"),
    "GetInstalledCertificateIds": (CSMS, "M", "list the installed certificates by type"),
    "GetLocalListVersion": (CSMS, "D", "the version of the local authorization list"),
    "GetLog": (CSMS, "N", "upload a diagnostics or security log"),
    "GetMonitoringReport": (CSMS, "N", "report variable monitors through NotifyMonitoringReport"),
    "GetReport": (CSMS, "B", "report selected components and variables through NotifyReport"),
    "GetTransactionStatus": (CSMS, "E", "whether a transaction is ongoing and has messages queued"),
    "GetVariables": (CSMS, "B", "read attribute values of component variables"),
    "Heartbeat": (CS, "G", "tell the CSMS the station is alive and learn its time"),
    "InstallCertificate": (CSMS, "M", "install a root certificate"),
    "LogStatusNotification": (CS, "N", "the progress of a log upload"),
    "MeterValues": (CS, "J", "sampled values outside the TransactionEvent messages"),
    "NotifyChargingLimit": (CS, "K", "an external system set a charging limit"),
    "NotifyCustomerInformation": (CS, "N", "one part of the customer information asked for"),
    "NotifyDisplayMessages": (CS, "O", "one part of the display messages asked for"),
    "NotifyEVChargingNeeds": (CS, "K", "the charging needs an ISO 15118 EV announced"),
    "NotifyEVChargingSchedule": (CS, "K", "the charging schedule an ISO 15118 EV chose"),
    "NotifyEvent": (CS, "N", "events of monitored variables"),
    "NotifyMonitoringReport": (CS, "N", "one part of a monitoring report"),
    "NotifyReport": (CS, "B", "one part of a device model report"),
    "PublishFirmware": (CSMS, "L", "a local controller publishes a firmware file to its stations"),
    "PublishFirmwareStatusNotification": (CS, "L", "the progress of publishing a firmware file"),
    "ReportChargingProfiles": (CS, "K", "one part of the charging profiles asked for"),
    "RequestStartTransaction": (CSMS, "F", "start a transaction remotely"),
    "RequestStopTransaction": (CSMS, "F", "stop a transaction remotely"),
    "ReservationStatusUpdate": (CS, "H", "a reservation expired or was removed"),
    "ReserveNow": (CSMS, "H", "reserve an EVSE or a connector type for an idToken"),
    "Reset": (CSMS, "B", "restart the station or an EVSE, immediately or when idle"),
    "SecurityEventNotification": (CS, "A", "a security event happened"),
    "SendLocalList": (CSMS, "D", "replace or update the local authorization list"),
    "SetChargingProfile": (CSMS, "K", "install a charging profile on an EVSE"),
    "SetDisplayMessage": (CSMS, "O", "show a message on the station's display"),
    "SetMonitoringBase": (CSMS, "N", "activate a predefined set of monitors"),
    "SetMonitoringLevel": (CSMS, "N", "the severity from which events are reported"),
    "SetNetworkProfile": (CSMS, "B", "store a connection profile for the link to the CSMS"),
    "SetVariableMonitoring": (CSMS, "N", "install variable monitors"),
    "SetVariables": (CSMS, "B", "write attribute values of component variables"),
    "SignCertificate": (CS, "A", "send a certificate signing request for the CSMS to sign"),
    "StatusNotification": (CS, "G", "the status of a connector"),
    "TransactionEvent": (CS, "E", "a transaction started, was updated or ended"),
    "TriggerMessage": (CSMS, "F", "have the station send a given message now"),
    "UnlockConnector": (CSMS, "F", "unlock a connector's cable retention lock"),
    "UnpublishFirmware": (CSMS, "L", "a local controller stops publishing a firmware file"),
    "UpdateFirmware": (CSMS, "L", "download and install a signed firmware"),
}

BLOCKS = {
    "A": ("security", "Security"),
    "B": ("provisioning", "Provisioning"),
    "C": ("authorization", "Authorization"),
    "D": ("localAuthorizationListManagement", "LocalAuthorizationListManagement"),
    "E": ("transactions", "Transactions"),
    "F": ("remoteControl", "RemoteControl"),
    "G": ("availability", "Availability"),
    "H": ("reservation", "Reservation"),
    "I": ("tariffAndCost", "TariffAndCost"),
    "J": ("meterValues", "MeterValues"),
    "K": ("smartCharging", "SmartCharging"),
    "L": ("firmwareManagement", "FirmwareManagement"),
    "M": ("iso15118CertificateManagement", "ISO15118CertificateManagement"),
    "N": ("diagnostics", "Diagnostics"),
    "O": ("displayMessage", "DisplayMessage"),
    "P": ("dataTransfer", "DataTransfer"),
}

# Sample files group the functional blocks so that no file grows past a few hundred lines.
SAMPLE_GROUPS = {
    "Provisioning": "B", "Security": "AM", "Authorization": "CDH", "Transactions": "EFGJ",
    "SmartCharging": "IK", "Firmware": "LP", "Diagnostics": "N", "DisplayMessages": "O",
}

SENDERS = {CS: "charging station → CSMS", CSMS: "CSMS → charging station", EITHER: "either direction"}

# Hand-written types the generated code refers to instead of generating them.
HAND_WRITTEN = {"CustomDataType": "CustomData"}

# Swift names chosen by hand where the rule (strip "Type" / "EnumType") gives a poor one.
RENAMED = {"DataEnumType": "DataType", "ClearChargingProfileType": "ClearChargingProfileCriteria"}

SWIFT_RESERVED = set(keyword.kwlist) | {
    "default", "protocol", "extension", "internal", "public", "private", "repeat", "switch", "case", "where",
    "operator", "subscript", "typealias", "associatedtype", "init", "deinit", "self", "Self", "Type", "func",
    "let", "var", "enum", "struct", "class", "static", "throws", "rethrows", "inout", "any", "some",
}


def load(folder):
    schemas = {}
    for path in sorted(folder.glob("*.json")):
        schemas[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return schemas


def ref_name(ref):
    return ref.rsplit("/", 1)[1]


# ---------------------------------------------------------------------------------------------
# Names


def camel_case(text):
    """A Swift identifier in lower camel case for an enumeration value such as
    "Energy.Active.Import.Register", "ISO15118", "EVConnected", "L1-N" or "eMAID"."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    parts = []
    for index, word in enumerate(words):
        if index == 0:
            match = re.match(r"^([A-Z0-9]+)(?=[A-Z][a-z])|^([A-Z0-9]+)$|^([A-Z])", word)
            if match and match.group(1):
                word = match.group(1).lower() + word[len(match.group(1)):]
            elif match and match.group(2):
                word = word.lower()
            elif match and match.group(3):
                word = word[0].lower() + word[1:]
        else:
            word = word[0].upper() + word[1:]
        parts.append(word)
    name = "".join(parts)
    if name[0].isdigit():
        name = "_" + name
    if name in SWIFT_RESERVED:
        name = f"`{name}`"
    return name


def property_name(name):
    return f"`{name}`" if name in SWIFT_RESERVED else name


def upper_first(text):
    return text[0].upper() + text[1:]


# ---------------------------------------------------------------------------------------------
# Documentation from the schema descriptions


def doc_text(description):
    """The human sentence(s) of a schema description, without the semantic name and urn lines."""
    if not description:
        return ""
    kept = []
    for line in description.replace("\r", "").split("\n"):
        line = line.strip()
        if not line or line.startswith("urn:"):
            continue
        # "Device. Model. CI20_ Text", "Charge_ Point", "EVSE. Identifier": semantic names, not prose.
        if re.fullmatch(r"[A-Za-z0-9_ ]+(\.\s[A-Za-z0-9_ ]+)*\.?", line) and ("_" in line or line.count(". ") >= 1 or len(line.split()) <= 3):
            if not line.endswith(".") or "_" in line or line.count(". ") >= 1:
                continue
        kept.append(line)
    text = " ".join(kept)
    # Cross references of the specification's sources: "<<cmn_statusenumtype,Status>>" -> "Status".
    text = text.replace("&lt;", "<").replace("&gt;", ">")
    text = re.sub(r"<<[^,>]*,([^>]*)>>", r"\1", text)
    text = re.sub(r"<<([^>]*)>>", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    # Keep it short: the first two sentences, at most about 240 characters.
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    short = ""
    for sentence in sentences:
        if short and len(short) + len(sentence) > 240:
            break
        short = (short + " " + sentence).strip()
        if len(short) > 120:
            break
    if len(short) > 300:
        short = short[:297].rsplit(" ", 1)[0] + "..."
    return short


def doc_lines(text, indent):
    if not text:
        return []
    width = max(60, 120 - len(indent) - 4)
    return [f"{indent}/// {line}" for line in textwrap.wrap(text, width=width, break_on_hyphens=False)]


# ---------------------------------------------------------------------------------------------
# Model


class Definition:
    def __init__(self, schema_name, body):
        self.schema_name = schema_name
        self.body = body
        self.is_enum = "enum" in body
        self.users = set()  # actions using it
        self.swift_name = None
        self.owner = None  # the action whose file holds it, or None when shared

    @property
    def description(self):
        return doc_text(self.body.get("description", ""))


class Field:
    def __init__(self, name, spec, required, definitions):
        self.name = name
        self.spec = spec
        self.required = required
        self.definitions = definitions

    @property
    def ref(self):
        if "$ref" in self.spec:
            return self.definitions[ref_name(self.spec["$ref"])]
        if self.spec.get("type") == "array" and "$ref" in self.spec["items"]:
            return self.definitions[ref_name(self.spec["items"]["$ref"])]
        return None

    @property
    def is_array(self):
        return self.spec.get("type") == "array"

    def element_type(self):
        spec = self.spec["items"] if self.is_array else self.spec
        return swift_type(spec, self.definitions)

    def swift_type(self):
        element = self.element_type()
        return f"[{element}]" if self.is_array else element

    @property
    def bounds(self):
        """(minimum, maximum) of an integer, or None."""
        if self.spec.get("type") == "integer" and ("minimum" in self.spec or "maximum" in self.spec):
            low = self.spec.get("minimum")
            high = self.spec.get("maximum")
            return (None if low is None else int(low), None if high is None else int(high))
        return None

    @property
    def needs_check(self):
        return self.is_array or self.bounds is not None

    def doc(self):
        text = doc_text(self.spec.get("description", ""))
        if not text and self.name == "customData":
            text = "Vendor-specific extension data."
        if not text and self.ref is not None:
            text = self.ref.description
        if not text:
            words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", self.name).lower()
            text = f"The {words}."
        default = self.spec.get("default")
        if default is not None and not self.required:
            shown = json.dumps(default) if not isinstance(default, str) else default
            text = (text + " " if text else "") + f"Absent means {shown}."
        return text


def swift_type(spec, definitions):
    if "$ref" in spec:
        definition = definitions[ref_name(spec["$ref"])]
        return definition.swift_name
    kind = spec.get("type")
    if kind is None:
        return "JSONValue"
    if kind == "string":
        if spec.get("format") == "date-time":
            return "Timestamp"
        if "maxLength" in spec:
            return f"BoundedString<{spec['maxLength']}>"
        return "String"
    if kind == "integer":
        return "Int"
    if kind == "number":
        return "Double"
    if kind == "boolean":
        return "Bool"
    raise ValueError(f"unsupported schema type {spec}")


def fields_of(body, definitions):
    required = set(body.get("required", []))
    names = [n for n in body.get("properties", {}) if n != "customData"]
    if "customData" in body.get("properties", {}):
        names.append("customData")
    return [Field(name, body["properties"][name], name in required, definitions) for name in names]


def build_model(schemas):
    definitions = {}
    for name, schema in schemas.items():
        action = re.sub(r"(Request|Response)$", "", name)
        for def_name, body in schema.get("definitions", {}).items():
            if def_name not in definitions:
                definitions[def_name] = Definition(def_name, body)
            definitions[def_name].users.add(action)
    # Only the definitions reachable from the payloads matter; all are, in the official schemas.
    type_names = {d: re.sub(r"Type$", "", d) for d in definitions if not definitions[d].is_enum}
    for def_name, definition in definitions.items():
        if def_name in HAND_WRITTEN:
            definition.swift_name = HAND_WRITTEN[def_name]
            continue
        if def_name in RENAMED:
            definition.swift_name = RENAMED[def_name]
        elif definition.is_enum:
            name = re.sub(r"EnumType$", "", def_name)
            if name in ACTIONS or name in type_names.values():
                name += "Type"
            definition.swift_name = name
        else:
            definition.swift_name = type_names[def_name]
        if len(definition.users) == 1:
            definition.owner = next(iter(definition.users))
    names = [d.swift_name for d in definitions.values()]
    if set(names) & set(ACTIONS):
        raise SystemExit(f"datatypes named like actions (add them to RENAMED): {set(names) & set(ACTIONS)}")
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise SystemExit(f"name clash: {duplicates}")
    return definitions


# ---------------------------------------------------------------------------------------------
# Swift emission


def emit_enum(definition, indent):
    lines = []
    text = definition.description
    schema_note = f"(OCPP 2.0.1 {definition.schema_name})"
    lines += doc_lines(f"{text} {schema_note}" if text else f"The values of {schema_note[1:-1]}.", indent)
    lines.append(f"{indent}public enum {definition.swift_name}: String, OCPPEnum {{")
    seen = set()
    for value in definition.body["enum"]:
        case = camel_case(value)
        if case in seen:
            raise SystemExit(f"duplicate case {case} in {definition.schema_name}")
        seen.add(case)
        lines.append(f'{indent}    case {case} = "{value}"')
    lines.append(f"{indent}}}")
    return lines


def emit_struct(name, body, definitions, indent, conformance, preamble=(), doc=None):
    fields = fields_of(body, definitions)
    lines = []
    if doc is not None:
        lines += doc
    lines.append(f"{indent}public struct {name}: {conformance} {{")
    inner = indent + "    "
    lines += [inner + p if p else "" for p in preamble]
    if preamble and fields:
        lines.append("")
    for field in fields:
        lines += doc_lines(field.doc(), inner)
        optional = "" if field.required else "?"
        lines.append(f"{inner}public var {property_name(field.name)}: {field.swift_type()}{optional}")
    if fields:
        lines.append("")
    # Memberwise initialiser, optional members defaulting to nil.
    what = "request" if name == "Request" else "response" if name == "Response" else "value"
    lines.append(f"{inner}/// Creates the {what}.")
    params = []
    for field in fields:
        label = field.name
        typ = field.swift_type() + ("" if field.required else "? = nil")
        params.append(f"{label}: {typ}")
    signature = f"{inner}public init({', '.join(params)}) {{"
    if len(signature) > 140:
        lines.append(f"{inner}public init(")
        lines += [f"{inner}    {p}," if i < len(params) - 1 else f"{inner}    {p}" for i, p in enumerate(params)]
        lines.append(f"{inner}) {{")
    else:
        lines.append(signature)
    for field in fields:
        lines.append(f"{inner}    self.{field.name} = {field.name}")
    lines.append(f"{inner}}}")
    checked = [f for f in fields if f.needs_check]
    if checked:
        lines.append("")
        lines.append(f"{inner}private enum CodingKeys: String, CodingKey {{")
        keys = ", ".join(property_name(f.name) for f in fields)
        lines.append(f"{inner}    case {keys}")
        lines.append(f"{inner}}}")
        lines.append("")
        rules = []
        for field in checked:
            if field.is_array:
                least, most = field.spec.get("minItems", 0), field.spec.get("maxItems")
                count = f"{least} to {most} items" if most else f"at least {least} item" + ("s" if least != 1 else "")
                rules.append(f"`{field.name}` holds {count}")
            else:
                low, high = field.bounds
                if low is not None and high is not None:
                    rules.append(f"`{field.name}` is {low} to {high}")
                elif low is not None:
                    rules.append(f"`{field.name}` is at least {low}")
                else:
                    rules.append(f"`{field.name}` is at most {high}")
        lines += doc_lines("Decodes and checks the schema's bounds: " + ", ".join(rules) + ".", inner)
        lines.append(f"{inner}public init(from decoder: any Decoder) throws {{")
        lines.append(f"{inner}    let container = try decoder.container(keyedBy: CodingKeys.self)")
        for field in fields:
            method = "decode" if field.required else "decodeIfPresent"
            key = f"forKey: .{field.name}"
            typ = field.swift_type()
            extra = ""
            if field.is_array:
                extra = f", minimumCount: {field.spec.get('minItems', 0)}"
                if "maxItems" in field.spec:
                    extra += f", maximumCount: {field.spec['maxItems']}"
            elif field.bounds is not None:
                low, high = field.bounds
                extra = f", minimum: {'nil' if low is None else low}, maximum: {'nil' if high is None else high}"
            lines.append(f"{inner}    {field.name} = try container.{method}({typ}.self, {key}{extra})")
        lines.append(f"{inner}}}")
    lines.append(f"{indent}}}")
    return lines


def emit_definition(definition, definitions, indent):
    if definition.is_enum:
        return emit_enum(definition, indent)
    text = definition.description
    note = f"(OCPP 2.0.1 {definition.schema_name})"
    doc = doc_lines(f"{text} {note}" if text else f"The {note[1:-1]}.", indent)
    return emit_struct(definition.swift_name, definition.body, definitions, indent, "OCPPPayload", doc=doc)


def sort_key(definition):
    return (0 if definition.is_enum else 1, definition.swift_name)


def action_file(action, schemas, definitions):
    sender, block, purpose = ACTIONS[action]
    header = f"// {action} ({block} {BLOCKS[block][1]}, {SENDERS[sender]}): {purpose}."
    lines = wrap_comment(header) + ["// Generated by scripts/gen-ocpp201.py from the official schemas; edit the script, not this file.", ""]
    lines.append(f"/// The {action} action.")
    lines.append(f"public enum {action} {{")
    own = sorted((d for d in definitions.values() if d.owner == action and d.schema_name not in HAND_WRITTEN), key=sort_key)
    for definition in own:
        lines += emit_definition(definition, definitions, "    ")
        lines.append("")
    request = schemas[action + "Request"]
    response = schemas[action + "Response"]
    preamble = [f"public typealias Response = {action}.Response", f"public static var action: Action {{ .{camel_case(action)} }}"]
    lines += emit_struct("Request", request, definitions, "    ", "OCPPRequest", preamble, doc=[f"    /// The request of {action}."])
    lines.append("")
    lines += emit_struct("Response", response, definitions, "    ", "OCPPPayload", doc=[f"    /// The response to {action}."])
    lines.append("}")
    return "\n".join(lines) + "\n"


def wrap_comment(text):
    if len(text) <= 110:
        return [text]
    return ["// " + line for line in textwrap.wrap(text[3:], width=107)]


def type_file(definition, definitions):
    users = sorted(definition.users)
    listed = ", ".join(users[:6]) + (", ..." if len(users) > 6 else "")
    kind = "enumeration" if definition.is_enum else "datatype"
    header = f"// The OCPP 2.0.1 {definition.schema_name} {kind}, used by {listed}."
    lines = wrap_comment(header) + ["// Generated by scripts/gen-ocpp201.py from the official schemas; edit the script, not this file.", ""]
    lines += emit_definition(definition, definitions, "")
    return "\n".join(lines) + "\n"


def catalogue_file():
    lines = [
        "// The catalogue of OCPP 2.0.1 actions: one case per action, who sends it and its functional block.",
        "// Generated by scripts/gen-ocpp201.py; edit the script, not this file.",
        "",
        "public import enum OCPP.Initiator",
        "",
        "/// An OCPP 2.0.1 action name, as it stands in a CALL frame.",
        "public enum Action: String, Sendable, CaseIterable, Hashable {",
    ]
    for action in sorted(ACTIONS):
        lines.append(f'    case {camel_case(action)} = "{action}"')
    lines += ["", "    /// Who sends this action's request (`.chargePoint` is the charging station, `.centralSystem` the CSMS).",
              "    public var initiator: Initiator {", "        switch self {"]
    for sender, swift in ((CS, ".chargePoint"), (EITHER, ".either")):
        cases = [f".{camel_case(a)}" for a in sorted(ACTIONS) if ACTIONS[a][0] == sender]
        lines += wrap_cases(cases, "        case ", swift)
    lines += ["        default:", "            .centralSystem", "        }", "    }", "",
              "    /// The functional block of the specification that defines this action.",
              "    public var functionalBlock: FunctionalBlock {", "        switch self {"]
    for block in sorted(BLOCKS):
        cases = [f".{camel_case(a)}" for a in sorted(ACTIONS) if ACTIONS[a][1] == block]
        lines += wrap_cases(cases, "        case ", f".{BLOCKS[block][0]}")
    lines += ["        }", "    }", "}", "", "/// The functional blocks of OCPP 2.0.1 Part 2 (A to P) that define messages.",
              "public enum FunctionalBlock: String, Sendable, CaseIterable {"]
    for block in sorted(BLOCKS):
        lines.append(f'    /// Block {block}.')
        lines.append(f'    case {BLOCKS[block][0]} = "{BLOCKS[block][1]}"')
    lines.append("}")
    return "\n".join(lines) + "\n"


def wrap_cases(cases, prefix, result):
    lines = []
    current = prefix
    for index, case in enumerate(cases):
        piece = case + ("," if index < len(cases) - 1 else ":")
        if len(current) + len(piece) + 1 > 118:
            lines.append(current.rstrip())
            current = " " * len(prefix)
        current += piece + " "
    lines.append(current.rstrip())
    lines.append(f"            {result}")
    return lines


def table_file():
    lines = [
        "// Which typed request belongs to each OCPP 2.0.1 action: the table the frame decoder uses to turn",
        "// an action name into a payload type. Generated by scripts/gen-ocpp201.py.",
        "",
        "public import protocol OCPP.OCPPPayload",
        "",
        "extension Action {",
        "    /// The typed request of this action.",
        "    public var requestType: any OCPPRequest.Type {",
        "        switch self {",
    ]
    for action in sorted(ACTIONS):
        lines.append(f"        case .{camel_case(action)}: {action}.Request.self")
    lines += [
        "        }", "    }", "",
        "    /// The typed response of this action.",
        "    public var responseType: any OCPPPayload.Type {",
        "        func response<R: OCPPRequest>(of request: R.Type) -> any OCPPPayload.Type { R.Response.self }",
        "        return response(of: requestType)",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


IMPORTS = {
    "BoundedString": "public import struct OCPP.BoundedString",
    "Timestamp": "public import struct OCPP.Timestamp",
    "JSONValue": "public import enum OCPP.JSONValue",
    "OCPPEnum": "public import protocol OCPP.OCPPEnum",
    "OCPPPayload": "public import protocol OCPP.OCPPPayload",
}


def add_imports(text):
    used = [line for name, line in IMPORTS.items() if re.search(rf"\b{name}\b", text.split("\n", 3)[3])]
    if not used:
        return text
    head, rest = text.split("\n\n", 1)
    return head + "\n\n" + "\n".join(used) + "\n\n" + rest


# ---------------------------------------------------------------------------------------------
# Samples for the tests


class SampleWriter:
    """Swift expressions for a minimal (required members only) and a full (every member) sample."""

    def __init__(self, definitions):
        self.definitions = definitions

    def value(self, field_name, spec, full, depth, qualifier):
        if "$ref" in spec:
            definition = self.definitions[ref_name(spec["$ref"])]
            return self.definition_value(definition, full, depth, qualifier)
        kind = spec.get("type")
        if kind is None:
            return '.object([("note", .string("vendor data")), ("count", .number("3"))])' if full else '.string("ok")'
        if kind == "array":
            return "[" + self.value(field_name, spec["items"], full, depth + 1, qualifier) + "]"
        if kind == "string":
            if spec.get("format") == "date-time":
                return "Samples.time"
            limit = spec.get("maxLength", 64)
            return f'.filled("{field_name}")' if full else json.dumps(field_name[:limit])
        if kind == "integer":
            low = int(spec.get("minimum", 0))
            high = spec.get("maximum")
            number = 7 if full else 1
            number = max(low, number if high is None else min(int(high), number))
            return str(number)
        if kind == "number":
            return "12.5" if full else "0.5"
        if kind == "boolean":
            return "true" if full else "false"
        raise ValueError(spec)

    def definition_value(self, definition, full, depth, qualifier):
        prefix = qualifier(definition)
        if definition.schema_name == "CustomDataType":
            return 'CustomData(vendorId: "com.example", members: [("note", .string("sample"))])'
        if definition.is_enum:
            values = definition.body["enum"]
            return f".{camel_case(values[-1] if full else values[0])}"
        return self.struct_value(prefix + definition.swift_name, definition.body, full, depth, qualifier)

    def struct_value(self, type_name, body, full, depth, qualifier, indent=""):
        fields = fields_of(body, self.definitions)
        args = []
        for field in fields:
            if not field.required and not full:
                continue
            if field.name == "customData" and depth > 1:
                continue
            args.append(f"{field.name}: {self.value(field.name, field.spec, full, depth + 1, qualifier)}")
        line = f"{type_name}({', '.join(args)})"
        if len(indent) + len(line) <= 130 or not args:
            return line
        # Too long for one line: one argument per line, nested values formatted again.
        inner = indent + "    "
        parts = []
        for field in fields:
            if (not field.required and not full) or (field.name == "customData" and depth > 1):
                continue
            parts.append(f"{inner}{field.name}: {self.formatted(field.name, field.spec, full, depth + 1, qualifier, inner)}")
        return f"{type_name}(\n" + ",\n".join(parts) + f"\n{indent})"

    def formatted(self, field_name, spec, full, depth, qualifier, indent):
        target = spec["items"] if spec.get("type") == "array" else spec
        if "$ref" in target:
            definition = self.definitions[ref_name(target["$ref"])]
            if not definition.is_enum and definition.schema_name not in HAND_WRITTEN:
                text = self.struct_value(qualifier(definition) + definition.swift_name, definition.body, full, depth, qualifier, indent)
                return f"[{text}]" if spec.get("type") == "array" else text
        return self.value(field_name, spec, full, depth, qualifier)


def samples_files(schemas, definitions):
    writer = SampleWriter(definitions)
    files = {}
    for group, blocks in SAMPLE_GROUPS.items():
        actions = [a for a in sorted(ACTIONS) if ACTIONS[a][1] in blocks]
        names = ", ".join(BLOCKS[b][1] for b in blocks)
        lines = [
            f"// Samples of the {names} messages: for each request and response a minimal one",
            "// (required members only) and a full one (every member). Generated by scripts/gen-ocpp201.py.",
            "",
            "import OCPP201",
            "import enum OCPP.JSONValue",
            "import struct OCPP.BoundedString",
            "",
            "extension Samples {",
            f"    static let {group[0].lower() + group[1:]}: [ActionSamples] = [",
        ]
        for action in actions:
            def qualifier(definition, action=action):
                return f"{action}." if definition.owner == action else ""
            req = schemas[action + "Request"]
            res = schemas[action + "Response"]
            lines.append(f"        ActionSamples(")
            lines.append(f"            action: .{camel_case(action)},")
            lines.append("            requests: [")
            for full in (False, True):
                lines.append(f"                {writer.struct_value(action + '.Request', req, full, 0, qualifier, '                ')},")
            lines.append("            ],")
            lines.append("            responses: [")
            for full in (False, True):
                lines.append(f"                {writer.struct_value(action + '.Response', res, full, 0, qualifier, '                ')},")
            lines.append("            ]")
            lines.append("        ),")
        lines += ["    ]", "}"]
        files[f"{group}Samples.swift"] = "\n".join(lines) + "\n"
    return files


# ---------------------------------------------------------------------------------------------


OUTPUT = {}


def write(path, text):
    OUTPUT[path] = text


def main():
    arguments = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    folder = pathlib.Path(arguments[0]) if arguments else ROOT / "Tests" / "Fixtures" / "ocpp201-schemas"
    schemas = load(folder)
    actions = sorted({re.sub(r"(Request|Response)$", "", n) for n in schemas})
    if actions != sorted(ACTIONS):
        raise SystemExit(f"schemas and ACTIONS differ: {set(actions) ^ set(ACTIONS)}")
    definitions = build_model(schemas)
    for action in actions:
        write(SOURCES / "Actions" / f"{action}.swift", add_imports(action_file(action, schemas, definitions)))
    for definition in definitions.values():
        if definition.owner is None and definition.schema_name not in HAND_WRITTEN:
            write(SOURCES / "Types" / f"{definition.swift_name}.swift", add_imports(type_file(definition, definitions)))
    write(SOURCES / "Action.swift", catalogue_file())
    write(SOURCES / "Action+Types.swift", table_file())
    for name, text in samples_files(schemas, definitions).items():
        write(SAMPLES / name, text)
    if check:
        stale = [str(path.relative_to(ROOT)) for path, text in OUTPUT.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        if stale:
            print("out of date with scripts/gen-ocpp201.py:\n  " + "\n  ".join(sorted(stale)))
            return 1
        print(f"{len(OUTPUT)} generated files are up to date")
        return 0
    for path, text in OUTPUT.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shared = sum(1 for d in definitions.values() if d.owner is None)
    print(f"{len(actions)} actions, {len(definitions)} definitions ({shared} shared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
