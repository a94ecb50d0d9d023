"""The one place IRIs are spelled: the project ontology's terms and the vocabularies it reuses."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from kg import shipped

ONTOLOGY_DIR = shipped("ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "congress-kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
THEMES_FILE = ONTOLOGY_DIR / "themes.ttl"
ACTION_TYPES_FILE = ONTOLOGY_DIR / "action-types.ttl"
SUBJECTS_FILE = ONTOLOGY_DIR / "subjects.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/congress-kg/ontology")
DEFAULT_BASE = "https://w3id.org/congress-kg/id/"

SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
SDG = Namespace("http://metadata.un.org/sdg/")
# The licence the ontology and the dataset description (void.ttl) state.
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
MEDIA_TYPE = Namespace("https://www.iana.org/assignments/media-types/")
THEME = Namespace("https://w3id.org/congress-kg/theme/")
ACTION = Namespace("https://w3id.org/congress-kg/action/")
SUBJECT = Namespace("https://w3id.org/congress-kg/subject/")


class CKG(DefinedNamespace):
    """Terms of ontology/congress-kg.ttl; a test checks each is declared there."""

    _NS = Namespace("https://w3id.org/congress-kg/ontology#")
    _fail = True

    # classes
    Meeting: URIRef
    Report: URIRef
    DraftReport: URIRef
    FinalReport: URIRef
    AgendaItem: URIRef
    Paragraph: URIRef
    Actor: URIRef
    State: URIRef
    Organization: URIRef
    IntergovernmentalOrganization: URIRef
    UNEntity: URIRef
    Institute: URIRef
    NGO: URIRef
    OtherActor: URIRef
    Person: URIRef
    Statement: URIRef
    Attendance: URIRef
    OfficerRole: URIRef
    Recommendation: URIRef
    InstrumentMention: URIRef
    Instrument: URIRef
    Convention: URIRef
    Protocol: URIRef
    ProtocolCollection: URIRef
    StandardsAndNorms: URIRef
    Resolution: URIRef
    Declaration: URIRef
    Agenda: URIRef
    RegionalInstrument: URIRef
    PlanOfAction: URIRef
    ModelTreaty: URIRef
    DraftInstrument: URIRef
    Revision: URIRef
    ThemeAssignment: URIRef
    CommitmentCluster: URIRef
    # object properties
    meeting: URIRef
    reportsOn: URIRef
    agendaItem: URIRef
    inReport: URIRef
    actor: URIRef
    person: URIRef
    representing: URIRef
    namesInstrument: URIRef
    instrument: URIRef
    attributedTo: URIRef
    draftVersion: URIRef
    finalVersion: URIRef
    draftReport: URIRef
    finalReport: URIRef
    recommendation: URIRef
    theme: URIRef
    actionType: URIRef
    clusterMember: URIRef
    sharedInstrument: URIRef
    sharedTheme: URIRef
    sharedActionType: URIRef
    # datatype properties
    capacity: URIRef
    role: URIRef
    rpmItem: URIRef
    congressItem: URIRef
    workshop: URIRef
    region: URIRef
    venue: URIRef
    fileName: URIRef
    isDraft: URIRef
    reportKind: URIRef
    documentKind: URIRef
    distributionDate: URIRef
    symbol: URIRef
    sourceSha256: URIRef
    mediaType: URIRef
    reader: URIRef
    textFile: URIRef
    page: URIRef
    paragraphNumber: URIRef
    startOffset: URIRef
    endOffset: URIRef
    part: URIRef
    letter: URIRef
    text: URIRef
    iso3: URIRef
    m49: URIRef
    iso3166_3: URIRef
    codeWithdrawn: URIRef
    acronym: URIRef
    unresolved: URIRef
    instrumentKey: URIRef
    instrumentKind: URIRef
    adopted: URIRef
    surface: URIRef
    similarity: URIRef
    changed: URIRef
    revisionStatus: URIRef
    wordDiff: URIRef
    matchedTerm: URIRef
    matchTerm: URIRef
    excludeTerm: URIRef
    contextLabel: URIRef
    context: URIRef
    leadingVerb: URIRef
    congress: URIRef
    clusterScore: URIRef
    sharedTerm: URIRef


ACTOR_CLASSES = {
    "State": CKG.State,
    "IntergovernmentalOrganization": CKG.IntergovernmentalOrganization,
    "UNEntity": CKG.UNEntity,
    "Institute": CKG.Institute,
    "NGO": CKG.NGO,
    "Other": CKG.OtherActor,
}

INSTRUMENT_CLASSES = {
    "convention": CKG.Convention,
    "protocol": CKG.Protocol,
    "protocol_collection": CKG.ProtocolCollection,
    "standards_and_norms": CKG.StandardsAndNorms,
    "resolution": CKG.Resolution,
    "declaration": CKG.Declaration,
    "agenda": CKG.Agenda,
    "regional_instrument": CKG.RegionalInstrument,
    "plan_of_action": CKG.PlanOfAction,
    "model_treaty": CKG.ModelTreaty,
    "draft_instrument": CKG.DraftInstrument,
}

PREFIXES = {
    "ckg": str(CKG._NS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "oa": str(OA),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sdg": str(SDG),
    "skos": str(SKOS),
    "theme": str(THEME),
    "action": str(ACTION),
    "wd": str(WD),
    "xsd": str(XSD),
}
