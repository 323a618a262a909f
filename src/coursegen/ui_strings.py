"""Words the site itself says (notices, labels, headings of generated pages), per language.

Every language has the same keys as English; a language that is missing here, or a key that is missing in
one language, falls back to English, so adding a site language never breaks a build.
"""

from __future__ import annotations

from .i18n import LANGUAGE_NAMES

_EN = {
    "fallback_notice": "This page is not yet translated into {language}. It is shown in {original}.",
    "stale_notice": "The original of this page has changed since it was translated. Some parts may be out of date.",
    "modules": "Modules", "courses": "Courses", "framework": "Competence framework",
    "coverage": "Coverage matrix", "glossary": "Glossary", "trainers": "For trainers",
    "duration": "Duration", "hours": "{hours} h", "eqf_level": "EQF level", "delivery": "Delivery",
    "countries": "Countries", "everywhere": "All countries", "prerequisites": "Prerequisites",
    "none": "None", "outcomes": "Learning outcomes", "taught_in": "Taught in", "not_taught": "Not taught in any module yet.",
    "total": "Total", "module": "Module", "code": "Code", "competence": "Competence", "area": "Area",
    "sequence": "Module sequence", "diagram": "Prerequisites between the modules of this course",
    "course_coverage": "Outcome coverage", "covered": "{covered} of {total} learning outcomes of the framework are covered.",
    "assessment_criteria": "Assessment criteria", "units": "National standard units",
    "trainer_edition": "Trainer edition", "trainer_notes": "Notes for trainers",
    "trainer_intro": "These pages show the modules with the notes for trainers. They are not meant for learners.",
    "learner_version": "Learner version of this page",
    "search": "Search", "close": "Close", "language": "Language", "summary": "Summary",
    "classroom": "classroom", "online": "online", "blended": "blended", "workplace": "workplace",
    "self-study": "self-study", "target_hours": "Target hours",
}

_ES = {
    "fallback_notice": "Esta página todavía no está traducida al {language}. Se muestra en {original}.",
    "stale_notice": "El original de esta página ha cambiado desde que se tradujo. Algunas partes pueden no estar al día.",
    "modules": "Módulos", "courses": "Cursos", "framework": "Marco de competencias",
    "coverage": "Matriz de cobertura", "glossary": "Glosario", "trainers": "Para formadores",
    "duration": "Duración", "hours": "{hours} h", "eqf_level": "Nivel EQF", "delivery": "Modalidad",
    "countries": "Países", "everywhere": "Todos los países", "prerequisites": "Requisitos previos",
    "none": "Ninguno", "outcomes": "Resultados de aprendizaje", "taught_in": "Se trabaja en",
    "not_taught": "Todavía no se trabaja en ningún módulo.", "total": "Total", "module": "Módulo", "code": "Código",
    "competence": "Competencia", "area": "Área", "sequence": "Secuencia de módulos",
    "diagram": "Requisitos previos entre los módulos de este curso", "course_coverage": "Cobertura de resultados",
    "covered": "Se cubren {covered} de {total} resultados de aprendizaje del marco.",
    "assessment_criteria": "Criterios de evaluación", "units": "Unidades de estándares nacionales",
    "trainer_edition": "Edición para formadores", "trainer_notes": "Notas para formadores",
    "trainer_intro": "Estas páginas muestran los módulos con las notas para formadores. No son para el alumnado.",
    "learner_version": "Versión de esta página para el alumnado",
    "search": "Buscar", "close": "Cerrar", "language": "Idioma", "summary": "Resumen",
    "classroom": "presencial", "online": "en línea", "blended": "mixta", "workplace": "en el puesto de trabajo",
    "self-study": "autoestudio", "target_hours": "Horas previstas",
}

_FR = {
    "fallback_notice": "Cette page n’est pas encore traduite en {language}. Elle est affichée en {original}.",
    "stale_notice": "L’original de cette page a changé depuis sa traduction. Certaines parties peuvent ne plus être à jour.",
    "modules": "Modules", "courses": "Parcours", "framework": "Référentiel de compétences",
    "coverage": "Matrice de couverture", "glossary": "Glossaire", "trainers": "Pour les formateurs",
    "duration": "Durée", "hours": "{hours} h", "eqf_level": "Niveau CEC", "delivery": "Modalité",
    "countries": "Pays", "everywhere": "Tous les pays", "prerequisites": "Prérequis",
    "none": "Aucun", "outcomes": "Acquis d’apprentissage", "taught_in": "Travaillé dans",
    "not_taught": "Pas encore travaillé dans un module.", "total": "Total", "module": "Module", "code": "Code",
    "competence": "Compétence", "area": "Domaine", "sequence": "Suite des modules",
    "diagram": "Prérequis entre les modules de ce parcours", "course_coverage": "Couverture des acquis",
    "covered": "{covered} acquis d’apprentissage du référentiel sur {total} sont couverts.",
    "assessment_criteria": "Critères d’évaluation", "units": "Unités des référentiels nationaux",
    "trainer_edition": "Édition formateurs", "trainer_notes": "Notes pour les formateurs",
    "trainer_intro": "Ces pages montrent les modules avec les notes pour les formateurs. Elles ne sont pas destinées aux apprenants.",
    "learner_version": "Version apprenant de cette page",
    "search": "Rechercher", "close": "Fermer", "language": "Langue", "summary": "Résumé",
    "classroom": "en salle", "online": "en ligne", "blended": "mixte", "workplace": "en situation de travail",
    "self-study": "autoformation", "target_hours": "Heures prévues",
}

_AR = {
    "fallback_notice": "هذه الصفحة غير مترجمة بعد إلى {language}. وهي معروضة باللغة {original}.",
    "stale_notice": "تغيّر النص الأصلي لهذه الصفحة منذ ترجمتها. قد تكون بعض الأجزاء غير محدّثة.",
    "modules": "الوحدات", "courses": "الدورات", "framework": "إطار الكفاءات",
    "coverage": "مصفوفة التغطية", "glossary": "مسرد المصطلحات", "trainers": "للمدرّبين",
    "duration": "المدة", "hours": "{hours} ساعة", "eqf_level": "مستوى الإطار الأوروبي للمؤهلات",
    "delivery": "طريقة التدريس", "countries": "البلدان", "everywhere": "كل البلدان",
    "prerequisites": "المتطلبات السابقة", "none": "لا يوجد", "outcomes": "نواتج التعلّم",
    "taught_in": "تُدرَّس في", "not_taught": "لا تُدرَّس في أي وحدة بعد.", "total": "المجموع",
    "module": "الوحدة", "code": "الرمز", "competence": "الكفاءة", "area": "المجال", "sequence": "تسلسل الوحدات",
    "diagram": "المتطلبات السابقة بين وحدات هذه الدورة", "course_coverage": "تغطية نواتج التعلّم",
    "covered": "تغطي الدورة {covered} من أصل {total} من نواتج التعلّم في الإطار.",
    "assessment_criteria": "معايير التقييم", "units": "وحدات المعايير الوطنية",
    "trainer_edition": "نسخة المدرّبين", "trainer_notes": "ملاحظات للمدرّبين",
    "trainer_intro": "تعرض هذه الصفحات الوحدات مع ملاحظات المدرّبين. وهي ليست موجّهة للمتعلّمين.",
    "learner_version": "نسخة المتعلّم من هذه الصفحة",
    "search": "بحث", "close": "إغلاق", "language": "اللغة", "summary": "ملخّص",
    "classroom": "حضوري", "online": "عبر الإنترنت", "blended": "مدمج", "workplace": "في مكان العمل",
    "self-study": "تعلّم ذاتي", "target_hours": "الساعات المستهدفة",
}

_DE = {
    "fallback_notice": "Diese Seite ist noch nicht ins {language} übersetzt. Sie wird auf {original} angezeigt.",
    "stale_notice": "Das Original dieser Seite wurde seit der Übersetzung geändert. Manche Teile sind vielleicht nicht aktuell.",
    "modules": "Module", "courses": "Kurse", "framework": "Kompetenzrahmen",
    "coverage": "Abdeckungsmatrix", "glossary": "Glossar", "trainers": "Für Lehrkräfte",
    "duration": "Dauer", "hours": "{hours} Std.", "eqf_level": "EQR-Niveau", "delivery": "Lernform",
    "countries": "Länder", "everywhere": "Alle Länder", "prerequisites": "Voraussetzungen",
    "none": "Keine", "outcomes": "Lernergebnisse", "taught_in": "Behandelt in",
    "not_taught": "Noch in keinem Modul behandelt.", "total": "Summe", "module": "Modul", "code": "Kürzel",
    "competence": "Kompetenz", "area": "Bereich", "sequence": "Reihenfolge der Module",
    "diagram": "Voraussetzungen zwischen den Modulen dieses Kurses", "course_coverage": "Abdeckung der Lernergebnisse",
    "covered": "{covered} von {total} Lernergebnissen des Rahmens sind abgedeckt.",
    "assessment_criteria": "Bewertungskriterien", "units": "Einheiten nationaler Standards",
    "trainer_edition": "Ausgabe für Lehrkräfte", "trainer_notes": "Hinweise für Lehrkräfte",
    "trainer_intro": "Diese Seiten zeigen die Module mit den Hinweisen für Lehrkräfte. Sie sind nicht für Lernende gedacht.",
    "learner_version": "Version dieser Seite für Lernende",
    "search": "Suchen", "close": "Schließen", "language": "Sprache", "summary": "Zusammenfassung",
    "classroom": "Präsenz", "online": "online", "blended": "gemischt", "workplace": "am Arbeitsplatz",
    "self-study": "Selbststudium", "target_hours": "Sollstunden",
}

_IT = {
    "fallback_notice": "Questa pagina non è ancora tradotta in {language}. È mostrata in {original}.",
    "stale_notice": "L’originale di questa pagina è cambiato dopo la traduzione. Alcune parti potrebbero non essere aggiornate.",
    "modules": "Moduli", "courses": "Corsi", "framework": "Quadro delle competenze",
    "coverage": "Matrice di copertura", "glossary": "Glossario", "trainers": "Per i formatori",
    "duration": "Durata", "hours": "{hours} h", "eqf_level": "Livello EQF", "delivery": "Modalità",
    "countries": "Paesi", "everywhere": "Tutti i paesi", "prerequisites": "Prerequisiti",
    "none": "Nessuno", "outcomes": "Risultati di apprendimento", "taught_in": "Trattato in",
    "not_taught": "Non ancora trattato in nessun modulo.", "total": "Totale", "module": "Modulo", "code": "Codice",
    "competence": "Competenza", "area": "Area", "sequence": "Sequenza dei moduli",
    "diagram": "Prerequisiti tra i moduli di questo corso", "course_coverage": "Copertura dei risultati",
    "covered": "Sono coperti {covered} risultati di apprendimento del quadro su {total}.",
    "assessment_criteria": "Criteri di valutazione", "units": "Unità degli standard nazionali",
    "trainer_edition": "Edizione per formatori", "trainer_notes": "Note per i formatori",
    "trainer_intro": "Queste pagine mostrano i moduli con le note per i formatori. Non sono destinate ai discenti.",
    "learner_version": "Versione di questa pagina per i discenti",
    "search": "Cerca", "close": "Chiudi", "language": "Lingua", "summary": "Sintesi",
    "classroom": "in aula", "online": "online", "blended": "mista", "workplace": "sul posto di lavoro",
    "self-study": "autoapprendimento", "target_hours": "Ore previste",
}

_FI = {
    "fallback_notice": "Tätä sivua ei ole vielä käännetty kielelle {language}. Se näytetään kielellä {original}.",
    "stale_notice": "Tämän sivun alkuperäinen teksti on muuttunut käännöksen jälkeen. Osa tiedoista voi olla vanhentunutta.",
    "modules": "Moduulit", "courses": "Kurssit", "framework": "Osaamiskehys",
    "coverage": "Kattavuustaulukko", "glossary": "Sanasto", "trainers": "Kouluttajille",
    "duration": "Kesto", "hours": "{hours} h", "eqf_level": "EQF-taso", "delivery": "Toteutustapa",
    "countries": "Maat", "everywhere": "Kaikki maat", "prerequisites": "Esitiedot",
    "none": "Ei mitään", "outcomes": "Oppimistulokset", "taught_in": "Käsitellään moduulissa",
    "not_taught": "Ei vielä käsitelty missään moduulissa.", "total": "Yhteensä", "module": "Moduuli", "code": "Tunnus",
    "competence": "Osaaminen", "area": "Alue", "sequence": "Moduulien järjestys",
    "diagram": "Tämän kurssin moduulien esitiedot", "course_coverage": "Oppimistulosten kattavuus",
    "covered": "Kurssi kattaa {covered}/{total} kehyksen oppimistulosta.",
    "assessment_criteria": "Arviointikriteerit", "units": "Kansallisten standardien yksiköt",
    "trainer_edition": "Kouluttajan versio", "trainer_notes": "Huomioita kouluttajille",
    "trainer_intro": "Nämä sivut näyttävät moduulit kouluttajien huomioineen. Ne eivät ole tarkoitettu oppijoille.",
    "learner_version": "Tämän sivun oppijan versio",
    "search": "Haku", "close": "Sulje", "language": "Kieli", "summary": "Tiivistelmä",
    "classroom": "lähiopetus", "online": "verkko-opetus", "blended": "monimuoto", "workplace": "työpaikalla",
    "self-study": "itseopiskelu", "target_hours": "Tavoitetunnit",
}

_NL = {
    "fallback_notice": "Deze pagina is nog niet vertaald in het {language}. Ze wordt getoond in het {original}.",
    "stale_notice": "Het origineel van deze pagina is veranderd sinds de vertaling. Sommige delen zijn misschien niet actueel.",
    "modules": "Modules", "courses": "Cursussen", "framework": "Competentiekader",
    "coverage": "Dekkingsmatrix", "glossary": "Woordenlijst", "trainers": "Voor trainers",
    "duration": "Duur", "hours": "{hours} u", "eqf_level": "EQF-niveau", "delivery": "Werkvorm",
    "countries": "Landen", "everywhere": "Alle landen", "prerequisites": "Voorkennis",
    "none": "Geen", "outcomes": "Leerresultaten", "taught_in": "Behandeld in",
    "not_taught": "Nog in geen enkele module behandeld.", "total": "Totaal", "module": "Module", "code": "Code",
    "competence": "Competentie", "area": "Domein", "sequence": "Volgorde van de modules",
    "diagram": "Voorkennis tussen de modules van deze cursus", "course_coverage": "Dekking van leerresultaten",
    "covered": "{covered} van de {total} leerresultaten van het kader worden gedekt.",
    "assessment_criteria": "Beoordelingscriteria", "units": "Eenheden van nationale standaarden",
    "trainer_edition": "Editie voor trainers", "trainer_notes": "Notities voor trainers",
    "trainer_intro": "Deze pagina's tonen de modules met de notities voor trainers. Ze zijn niet bedoeld voor cursisten.",
    "learner_version": "Versie van deze pagina voor cursisten",
    "search": "Zoeken", "close": "Sluiten", "language": "Taal", "summary": "Samenvatting",
    "classroom": "klassikaal", "online": "online", "blended": "gemengd", "workplace": "op de werkplek",
    "self-study": "zelfstudie", "target_hours": "Beoogde uren",
}

UI_STRINGS: dict[str, dict[str, str]] = {
    "en": _EN, "es": _ES, "fr": _FR, "ar": _AR, "de": _DE, "it": _IT, "fi": _FI, "nl": _NL,
}

#: Names of languages as written in another language, for notices ("not yet translated into Spanish").
#: Missing pairs fall back to the language's own name.
LANGUAGE_NAMES_IN: dict[str, dict[str, str]] = {
    "en": {"en": "English", "es": "Spanish", "fr": "French", "ar": "Arabic", "de": "German", "it": "Italian",
           "fi": "Finnish", "nl": "Dutch"},
    "es": {"en": "inglés", "es": "español", "fr": "francés", "ar": "árabe", "de": "alemán", "it": "italiano",
           "fi": "finés", "nl": "neerlandés"},
    "fr": {"en": "anglais", "es": "espagnol", "fr": "français", "ar": "arabe", "de": "allemand",
           "it": "italien", "fi": "finnois", "nl": "néerlandais"},
    "ar": {"en": "الإنجليزية", "es": "الإسبانية", "fr": "الفرنسية", "ar": "العربية", "de": "الألمانية",
           "it": "الإيطالية", "fi": "الفنلندية", "nl": "الهولندية"},
    "de": {"en": "Englische", "es": "Spanische", "fr": "Französische", "ar": "Arabische", "de": "Deutsche",
           "it": "Italienische", "fi": "Finnische", "nl": "Niederländische"},
    "it": {"en": "inglese", "es": "spagnolo", "fr": "francese", "ar": "arabo", "de": "tedesco",
           "it": "italiano", "fi": "finlandese", "nl": "olandese"},
    "fi": {"en": "englanti", "es": "espanja", "fr": "ranska", "ar": "arabia", "de": "saksa", "it": "italia",
           "fi": "suomi", "nl": "hollanti"},
    "nl": {"en": "Engels", "es": "Spaans", "fr": "Frans", "ar": "Arabisch", "de": "Duits", "it": "Italiaans",
           "fi": "Fins", "nl": "Nederlands"},
}


def ui_text(lang: str, key: str, **values: object) -> str:
    """The UI string `key` in `lang` (English when missing), with `{placeholders}` filled."""
    template = UI_STRINGS.get(lang, _EN).get(key) or _EN[key]
    return template.format(**values) if values else template


def language_name_in(lang: str, named: str) -> str:
    """The name of language `named` in language `lang`; its own name when unknown."""
    return LANGUAGE_NAMES_IN.get(lang, {}).get(named) or LANGUAGE_NAMES.get(named, named)
