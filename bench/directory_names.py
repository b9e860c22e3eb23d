"""Names, towns and schools typical of each eTwinning country, for ``directory_data.py``.

A few dozen names per country are enough: combined they give millions of distinct people,
and the common ones are as common as in life (each list is in rough order of frequency).
Names are written as people write them in their own country, accents and scripts included;
where a country uses another script, some people also register in Latin letters (the
``latin_share``), transliterated the usual way. Surnames that change with gender are written
``masculine|feminine``.
"""
import unicodedata

# ---------------------------------------------------------------- transliteration to Latin letters

_GREEK_DIGRAPHS = (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("γγ", "ng"), ("γκ", "gk"), ("μπ", "mp"))
_GREEK = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω", ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n",
                                               "x", "o", "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o"]))
_CYRILLIC_COMMON = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "и": "i", "к": "k",
                    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
                    "ф": "f"}
_CYRILLIC = {
    "bg": {**_CYRILLIC_COMMON, "ж": "zh", "й": "y", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
           "ъ": "a", "ь": "y", "ю": "yu", "я": "ya"},
    "sr": {**_CYRILLIC_COMMON, "ђ": "đ", "ж": "ž", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "ć", "х": "h", "ц": "c",
           "ч": "č", "џ": "dž", "ш": "š"},
    "mk": {**_CYRILLIC_COMMON, "ѓ": "gj", "ж": "zh", "ѕ": "dz", "ј": "j", "ќ": "kj", "љ": "lj", "њ": "nj",
           "х": "h", "ц": "c", "ч": "ch", "џ": "dž", "ш": "sh"},
    "uk": {**_CYRILLIC_COMMON, "г": "h", "ґ": "g", "є": "ye", "ж": "zh", "и": "y", "і": "i", "ї": "yi", "й": "y",
           "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "yu", "я": "ya", "'": "",
           "’": ""},
}
_ARMENIAN = dict(zip("աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցփքօֆ",
                     ["a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i", "l", "kh", "ts", "k", "h", "dz", "gh",
                      "ch", "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r", "ts", "p", "k", "o",
                      "f"]))
_GEORGIAN = dict(zip("აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
                     ["a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", "r", "s", "t",
                      "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h"]))


def _strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def transliterate(text, script):
    """The usual Latin spelling of a name written in Greek, Cyrillic, Armenian or Georgian."""
    if script == "latin":
        return text
    words = []
    for word in text.split():
        low = word.lower()
        if script == "greek":
            low = _strip_accents(low)
            for digraph, latin in _GREEK_DIGRAPHS:
                low = low.replace(digraph, latin)
            out = "".join(_GREEK.get(c, c) for c in low)
        elif script == "armenian":
            out = "".join(_ARMENIAN.get(c, c) for c in low.replace("ու", "u").replace("և", "ev"))
        elif script == "georgian":
            out = "".join(_GEORGIAN.get(c, c) for c in low)
        else:  # cyrillic, by language
            table = _CYRILLIC[script.split(":")[1]]
            out = "".join(table.get(c, c) for c in low)
        words.append(out[:1].upper() + out[1:])
    return " ".join(words)


def ascii_slug(text):
    """Letters and digits only, for usernames: 'Łukasz Ñúñez' -> 'lukasznunez'."""
    from directory.domain import normalise

    return "".join(c for c in normalise(text) if c.isascii() and c.isalnum())


# ---------------------------------------------------------------- countries
# population in millions (teachers and schools are spread in proportion), the languages
# taught (first is the usual native language; others with their share), the script of
# names (and the share of people who register in Latin letters), male and female first
# names, surnames, towns (largest first), school types (name, levels) and name patterns.

PRI, LOW, UPP, VOC, PRE = "primary", "lower_secondary", "upper_secondary", "vocational", "pre_primary"

COUNTRIES = {
    "AT": dict(
        population=9.1, languages={"de": 1.0},
        male="Lukas Stefan Michael Andreas Thomas Markus Christian Martin Wolfgang Florian Johann Gerhard Jürgen "
             "Günther Manuel Dominik",
        female="Sabine Claudia Katharina Elisabeth Barbara Andrea Petra Monika Birgit Julia Christine Susanne "
               "Theresa Lena Anna Brigitte Renate Ulrike Karin Doris",
        surnames="Gruber Huber Bauer Wagner Müller Pichler Steiner Moser Mayer Hofer Leitner Berger Fuchs Eder "
                 "Fischer Schmid Winkler Weber Schwarz Maier Schneider Reiter Mayr Wimmer Egger Brunner Lang "
                 "Baumgartner Auer Binder Lechner Wallner Aigner Ebner Koller Lehner Haas Schuster Pölzl Wögerer",
        towns="Wien|Graz|Linz|Salzburg|Innsbruck|Klagenfurt|Villach|Wels|Sankt Pölten|Dornbirn|Wiener Neustadt|"
              "Steyr|Feldkirch|Bregenz|Leonding|Wolfsberg|Baden|Krems an der Donau|Leoben|Traun",
        types=[("Volksschule", [PRI]), ("Mittelschule", [LOW]), ("Bundesgymnasium", [LOW, UPP]),
               ("BG/BRG", [LOW, UPP]), ("HTL", [UPP, VOC]), ("HAK", [UPP, VOC]), ("Kindergarten", [PRE]),
               ("Polytechnische Schule", [VOC])],
        namesakes="Mozart|Franz Schubert|Bertha von Suttner|Maria Theresia|Am Stadtpark|Sankt Georgen|Rosa Jochmann|"
                  "Anton Bruckner|Adalbert Stifter|Johann Strauss",
        patterns=["{type} {town}", "{type} {namesake}", "{type} {town} {namesake}"]),
    "BE": dict(
        population=11.8, languages={"nl": 0.58, "fr": 0.40, "de": 0.02},
        male="Luc Marc Patrick Peter Jan Dirk Michel Philippe Kris Bart Wim Geert Jean-Pierre Olivier Thomas "
             "Pieter",
        female="Marie Nathalie Sofie Ann Els Katrien Isabelle Sandrine Véronique An Inge Griet Stéphanie Caroline "
               "Hilde Lies Annelies Françoise Céline Joke",
        surnames="Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De Smet Dubois Lambert "
                 "Dupont Martin Simon Vermeulen Van den Broeck Declercq Leclercq Hermans Lemmens Michiels "
                 "Desmet Dumont Pauwels Van Damme Renard François Cools Wuyts Verstraete",
        towns="Antwerpen|Gent|Charleroi|Liège|Bruxelles|Brugge|Namur|Leuven|Mons|Aalst|Mechelen|La Louvière|"
              "Kortrijk|Hasselt|Oostende|Sint-Niklaas|Tournai|Genk|Seraing|Roeselare|Eupen",
        types=[("Basisschool", [PRI]), ("École fondamentale", [PRE, PRI]), ("Atheneum", [LOW, UPP]),
               ("Athénée Royal", [LOW, UPP]), ("Sint-Jozefcollege", [LOW, UPP]), ("Institut", [UPP, VOC]),
               ("Kleuterschool", [PRE]), ("Technisch Instituut", [VOC])],
        namesakes="Sint-Lutgardis|De Regenboog|Sainte-Marie|Saint-Joseph|Don Bosco|De Zonnebloem|Notre-Dame|"
                  "Sint-Vincentius|Les Tilleuls|De Klimtoren",
        patterns=["{type} {namesake}", "{type} {town}", "{type} {namesake} {town}"]),
    "BG": dict(
        population=6.4, languages={"bg": 1.0}, script="cyrillic:bg", latin_share=0.25,
        male="Георги Иван Димитър Николай Петър Христо Стоян Тодор Васил Александър Атанас Йордан Красимир "
             "Стефан Борислав",
        female="Мария Иванка Елена Йорданка Пенка Даниела Радка Виолета Цветанка Надежда Петя Снежана Десислава "
               "Галина Милена Теодора Силвия Росица Антоанета",
        surnames="Иванов|Иванова Георгиев|Георгиева Димитров|Димитрова Петров|Петрова Николов|Николова "
                 "Христов|Христова Стоянов|Стоянова Тодоров|Тодорова Илиев|Илиева Василев|Василева "
                 "Атанасов|Атанасова Петков|Петкова Ангелов|Ангелова Колев|Колева Йорданов|Йорданова "
                 "Маринов|Маринова Попов|Попова Стефанов|Стефанова Костадинов|Костадинова Младенов|Младенова "
                 "Цветков|Цветкова Кирилов|Кирилова",
        towns="София|Пловдив|Варна|Бургас|Русе|Стара Загора|Плевен|Сливен|Добрич|Шумен|Перник|Хасково|Ямбол|"
              "Пазарджик|Благоевград|Велико Търново|Враца|Габрово",
        types=[("СУ", [LOW, UPP]), ("ОУ", [PRI, LOW]), ("ПГ", [UPP, VOC]), ("ДГ", [PRE]), ("Гимназия", [UPP]),
               ("ПМГ", [UPP])],
        namesakes="Христо Ботев|Васил Левски|Иван Вазов|Св. Св. Кирил и Методий|Паисий Хилендарски|"
                  "Св. Климент Охридски|Никола Вапцаров|Елин Пелин|Йордан Йовков|Отец Паисий",
        patterns=["{n} {type} „{namesake}“", "{type} „{namesake}“ {town}", "{n} {type} {town}"]),
    "HR": dict(
        population=3.9, languages={"hr": 1.0},
        male="Ivan Marko Josip Tomislav Ante Luka Mario Stjepan Nikola Zoran Dario Krešimir Željko Goran Hrvoje",
        female="Ana Marija Ivana Katarina Maja Petra Martina Jelena Kristina Snježana Vesna Mirjana Sanja Željka "
               "Gordana Nikolina Lucija",
        surnames="Horvat Kovačević Babić Marić Jurić Novak Kovačić Knežević Vuković Marković Petrović Matić "
                 "Tomić Pavlović Kovač Božić Blažević Grgić Pavić Radić Perić Šarić Lovrić Vidović Perković",
        towns="Zagreb|Split|Rijeka|Osijek|Zadar|Velika Gorica|Slavonski Brod|Pula|Karlovac|Sisak|Varaždin|Šibenik|"
              "Dubrovnik|Bjelovar|Koprivnica|Vukovar|Čakovec|Požega",
        types=[("Osnovna škola", [PRI, LOW]), ("Gimnazija", [UPP]), ("Srednja škola", [UPP, VOC]),
               ("Dječji vrtić", [PRE]), ("Tehnička škola", [VOC]), ("Ekonomska škola", [VOC])],
        namesakes="Ivana Gorana Kovačića|Augusta Šenoe|Ivana Mažuranića|Matije Gupca|Antuna Gustava Matoša|"
                  "Vladimira Nazora|Petra Preradovića|Marka Marulića|Frana Galovića|Josipa Jurja Strossmayera",
        patterns=["{type} {namesake}", "{type} {town}", "{type} {namesake} {town}"]),
    "CY": dict(
        population=0.9, languages={"el": 0.95, "tr": 0.05}, script="greek", latin_share=0.45,
        male="Ανδρέας Γιώργος Χρίστος Κώστας Μιχάλης Νίκος Παναγιώτης Σάββας Μάριος Λοΐζος Στέλιος Χαράλαμπος",
        female="Μαρία Ελένη Χριστίνα Άντρη Παναγιώτα Ανδρούλλα Γεωργία Σταυρούλα Κατερίνα Δέσποινα Στέλλα "
               "Ραφαέλα Έλενα Μαρίνα",
        surnames="Γεωργίου Ιωάννου Κωνσταντίνου Χριστοδούλου Νικολάου Ανδρέου Παπαδόπουλος|Παπαδοπούλου "
                 "Χαραλάμπους Σάββα Μιχαήλ Λοΐζου Χριστοφόρου Δημητρίου Παύλου Κυριάκου Αντωνίου Ευαγγέλου "
                 "Στυλιανού Σωτηρίου Θεοδώρου",
        towns="Λευκωσία|Λεμεσός|Λάρνακα|Πάφος|Παραλίμνι|Αγία Νάπα|Στρόβολος|Λακατάμεια",
        types=[("Δημοτικό Σχολείο", [PRI]), ("Γυμνάσιο", [LOW]), ("Λύκειο", [UPP]), ("Νηπιαγωγείο", [PRE]),
               ("Τεχνική Σχολή", [VOC])],
        namesakes="Αγίου Γεωργίου|Αγίου Νικολάου|Παναγίας|Ακροπόλεως|Αγίου Αντωνίου|Αποστόλου Βαρνάβα",
        patterns=["{type} {namesake}", "{type} {town}", "{n}ο {type} {town}"]),
    "CZ": dict(
        population=10.9, languages={"cs": 1.0},
        male="Jiří Jan Petr Josef Pavel Martin Tomáš Jaroslav Miroslav Zdeněk Václav Michal František Lukáš "
             "Vojtěch",
        female="Jana Marie Eva Hana Anna Lenka Kateřina Věra Lucie Alena Petra Jaroslava Veronika Martina Zdeňka "
               "Ludmila Markéta Dagmar Šárka",
        surnames="Novák|Nováková Svoboda|Svobodová Novotný|Novotná Dvořák|Dvořáková Černý|Černá "
                 "Procházka|Procházková Kučera|Kučerová Veselý|Veselá Horák|Horáková Němec|Němcová "
                 "Pokorný|Pokorná Marek|Marková Pospíšil|Pospíšilová Hájek|Hájková Jelínek|Jelínková "
                 "Král|Králová Růžička|Růžičková Beneš|Benešová Fiala|Fialová Sedláček|Sedláčková "
                 "Doležal|Doležalová Zeman|Zemanová Kolář|Kolářová Navrátil|Navrátilová",
        towns="Praha|Brno|Ostrava|Plzeň|Liberec|Olomouc|České Budějovice|Hradec Králové|Ústí nad Labem|"
              "Pardubice|Zlín|Havířov|Kladno|Most|Opava|Frýdek-Místek|Jihlava|Karviná|Teplice|Děčín",
        types=[("Základní škola", [PRI, LOW]), ("Gymnázium", [LOW, UPP]), ("Střední odborná škola", [UPP, VOC]),
               ("Mateřská škola", [PRE]), ("Střední průmyslová škola", [VOC])],
        namesakes="Jana Amose Komenského|T. G. Masaryka|Karla Čapka|Boženy Němcové|Jana Nerudy|Václava Havla|"
                  "Jana Ámose Komenského|Karla IV.|Emy Destinnové|Jana Palacha",
        patterns=["{type} {namesake}", "{type} {town}", "{type} {town}, {namesake}"]),
    "DK": dict(
        population=5.9, languages={"da": 1.0},
        male="Peter Jens Lars Michael Henrik Søren Thomas Jan Niels Anders Morten Rasmus Jesper Mads Kasper",
        female="Anne Kirsten Hanne Mette Anna Helle Susanne Lene Maria Marianne Karen Louise Camilla Pia Tina "
               "Charlotte Bente Ida",
        surnames="Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
                 "Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen "
                 "Østergaard Frederiksen Laursen Dahl Lund",
        towns="København|Aarhus|Odense|Aalborg|Esbjerg|Randers|Kolding|Horsens|Vejle|Roskilde|Herning|Silkeborg|"
              "Næstved|Fredericia|Viborg|Køge|Holstebro|Helsingør",
        types=[("Skole", [PRI, LOW]), ("Gymnasium", [UPP]), ("Friskole", [PRI, LOW]), ("Efterskole", [LOW]),
               ("Børnehave", [PRE]), ("Erhvervsskole", [VOC])],
        namesakes="Østre|Vestre|Nørre|Søndre|Strand|Skovvang|Rosenlund|Bakkegård|Engholm|Lindegård",
        patterns=["{namesake} {type}", "{town} {type}", "{namesake} {type} {town}"]),
    "EE": dict(
        population=1.4, languages={"et": 0.8, "ru": 0.2},
        male="Andres Jaan Toomas Peeter Rein Tiit Jüri Margus Andrus Aivar Urmas Raivo Priit Mart",
        female="Tiina Anne Kadri Ene Kristi Piret Mare Maie Tiiu Eha Sirje Katrin Ülle Merike Reet Kersti",
        surnames="Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves Pärn Koppel Õunapuu Lepik Kallas Kuusk Karu Lõhmus "
                 "Luik Raudsepp Kaasik Vaher Mets Jõgi Põder Ivanov Smirnov",
        towns="Tallinn|Tartu|Narva|Pärnu|Kohtla-Järve|Viljandi|Maardu|Rakvere|Kuressaare|Sillamäe|Valga|Võru|"
              "Jõhvi|Haapsalu|Keila|Paide",
        types=[("Põhikool", [PRI, LOW]), ("Gümnaasium", [UPP]), ("Kool", [PRI, LOW, UPP]), ("Lasteaed", [PRE]),
               ("Kutsehariduskeskus", [VOC])],
        namesakes="Kesklinna|Lilleküla|Kadrioru|Nõmme|Pelgulinna|Mustamäe|Kristjan Jaak Petersoni|Miina Härma",
        patterns=["{namesake} {type}", "{town} {type}", "{town} {namesake} {type}"]),
    "FI": dict(
        population=5.6, languages={"fi": 0.9, "sv": 0.1},
        male="Juha Timo Matti Kari Mikko Jari Antti Jukka Mika Markku Pekka Hannu Heikki Sami Ville Janne",
        female="Anne Tuula Päivi Anna Ritva Leena Pirjo Sari Minna Marja Tiina Riitta Anneli Johanna Merja "
               "Heidi Maarit Sanna",
        surnames="Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen "
                 "Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen "
                 "Salo Laitinen Tuominen Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen",
        towns="Helsinki|Espoo|Tampere|Vantaa|Oulu|Turku|Jyväskylä|Lahti|Kuopio|Pori|Kouvola|Joensuu|"
              "Lappeenranta|Hämeenlinna|Vaasa|Seinäjoki|Rovaniemi|Mikkeli",
        types=[("koulu", [PRI, LOW]), ("lukio", [UPP]), ("yhtenäiskoulu", [PRI, LOW]), ("päiväkoti", [PRE]),
               ("ammattiopisto", [VOC])],
        namesakes="Keskustan|Kalevan|Hervannan|Tapiolan|Puistolan|Kaukajärven|Mäntymäen|Länsimäen|Koivukylän",
        patterns=["{namesake} {type}", "{town}n {type}", "{namesake} {type}, {town}"]),
    "FR": dict(
        population=68.4, languages={"fr": 1.0},
        male="Jean Philippe Michel Alain Patrick Nicolas Christophe Pierre Laurent Éric Frédéric Sébastien "
             "Olivier Thierry Stéphane Julien François Jérôme",
        female="Marie Nathalie Isabelle Sylvie Catherine Sandrine Christine Valérie Véronique Céline Sophie "
               "Stéphanie Aurélie Émilie Hélène Anne Julie Claire Élodie Françoise Cécile Laëtitia",
        surnames="Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre "
                 "Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent "
                 "Muller Lefebvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand "
                 "Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu",
        towns="Paris|Marseille|Lyon|Toulouse|Nice|Nantes|Montpellier|Strasbourg|Bordeaux|Lille|Rennes|Reims|"
              "Saint-Étienne|Le Havre|Toulon|Grenoble|Dijon|Angers|Nîmes|Villeurbanne|Clermont-Ferrand|Le Mans|"
              "Aix-en-Provence|Brest|Tours|Amiens|Limoges|Besançon|Metz|Perpignan",
        types=[("École élémentaire", [PRI]), ("École maternelle", [PRE]), ("Collège", [LOW]), ("Lycée", [UPP]),
               ("Lycée professionnel", [VOC]), ("École primaire", [PRE, PRI]), ("Lycée polyvalent", [UPP, VOC])],
        namesakes="Jean Moulin|Jules Ferry|Victor Hugo|Jean Jaurès|Louis Pasteur|Marie Curie|Jacques Prévert|"
                  "Jean de La Fontaine|Paul Langevin|Antoine de Saint-Exupéry|Albert Camus|Simone Veil|"
                  "Molière|Voltaire|Pierre et Marie Curie|Les Tilleuls|Georges Brassens|Condorcet",
        patterns=["{type} {namesake}", "{type} {namesake} {town}", "{type} {town}"]),
    "DE": dict(
        population=84.5, languages={"de": 1.0},
        male="Thomas Michael Andreas Stefan Peter Frank Markus Christian Matthias Jürgen Klaus Uwe Wolfgang "
             "Martin Jörg Sebastian Tobias Jan",
        female="Sabine Petra Susanne Claudia Andrea Birgit Stefanie Nicole Anja Katrin Julia Christine Monika "
               "Sandra Kerstin Ute Heike Jutta Katharina Anna Jülide Bärbel",
        surnames="Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
                 "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange "
                 "Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter "
                 "Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Yılmaz",
        towns="Berlin|Hamburg|München|Köln|Frankfurt am Main|Stuttgart|Düsseldorf|Leipzig|Dortmund|Essen|Bremen|"
              "Dresden|Hannover|Nürnberg|Duisburg|Bochum|Wuppertal|Bielefeld|Bonn|Münster|Mannheim|Karlsruhe|"
              "Augsburg|Wiesbaden|Mönchengladbach|Gelsenkirchen|Aachen|Braunschweig|Kiel|Chemnitz|Halle (Saale)|"
              "Magdeburg|Freiburg im Breisgau|Lübeck|Erfurt|Rostock|Göttingen|Würzburg|Saarbrücken|Passau",
        types=[("Grundschule", [PRI]), ("Gymnasium", [LOW, UPP]), ("Realschule", [LOW]), ("Gesamtschule", [LOW, UPP]),
               ("Oberschule", [LOW]), ("Berufskolleg", [VOC]), ("Kindertagesstätte", [PRE]),
               ("Berufsbildende Schule", [VOC]), ("Hauptschule", [LOW])],
        namesakes="Goethe|Schiller|Geschwister Scholl|Albert Schweitzer|Anne Frank|Sophie Scholl|Heinrich Heine|"
                  "Friedrich Schiller|Alexander von Humboldt|Marie Curie|Erich Kästner|Astrid Lindgren|"
                  "am Stadtpark|am Rosenberg|Am Sandberg|an der Wiese|Gebrüder Grimm|Käthe Kollwitz",
        patterns=["{namesake}-{type} {town}", "{type} {namesake}", "{type} {town}", "{type} {town}-{namesake}"]),
    "GR": dict(
        population=10.4, languages={"el": 1.0}, script="greek", latin_share=0.45,
        male="Γιώργος Δημήτρης Κωνσταντίνος Νίκος Γιάννης Παναγιώτης Χρήστος Βασίλης Αθανάσιος Μιχάλης "
             "Ευάγγελος Σταύρος Αντώνης Ηλίας Θεόδωρος Σπύρος Απόστολος",
        female="Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Γεωργία Δήμητρα Κωνσταντίνα Παρασκευή "
               "Ευαγγελία Χριστίνα Ειρήνη Αναστασία Δέσποινα Φωτεινή Ιωάννα Αλεξάνδρα Ευτυχία Χαρίκλεια",
        surnames="Παπαδόπουλος|Παπαδοπούλου Παπαγεωργίου|Παπαγεωργίου Οικονόμου|Οικονόμου "
                 "Γεωργίου|Γεωργίου Παπαδάκης|Παπαδάκη Βασιλείου|Βασιλείου Νικολάου|Νικολάου "
                 "Καραγιάννης|Καραγιάννη Μακρής|Μακρή Παππάς|Παππά Δημητρίου|Δημητρίου "
                 "Αντωνίου|Αντωνίου Ιωάννου|Ιωάννου Κωνσταντίνου|Κωνσταντίνου Αθανασίου|Αθανασίου "
                 "Παπανικολάου|Παπανικολάου Χριστοδούλου|Χριστοδούλου Αλεξίου|Αλεξίου "
                 "Θεοδωρόπουλος|Θεοδωροπούλου Κωνσταντινίδης|Κωνσταντινίδου Μαυρίδης|Μαυρίδου "
                 "Ζαχαρίου|Ζαχαρίου Σταματόπουλος|Σταματοπούλου Τσακίρης|Τσακίρη Ραφαηλίδης|Ραφαηλίδου",
        towns="Αθήνα|Θεσσαλονίκη|Πάτρα|Ηράκλειο|Λάρισα|Βόλος|Ιωάννινα|Τρίκαλα|Χαλκίδα|Σέρρες|Αλεξανδρούπολη|"
              "Ξάνθη|Κατερίνη|Καλαμάτα|Καβάλα|Χανιά|Λαμία|Κομοτηνή|Ρόδος|Αγρίνιο|Δράμα|Κοζάνη|Βέροια",
        types=[("Δημοτικό Σχολείο", [PRI]), ("Γυμνάσιο", [LOW]), ("Γενικό Λύκειο", [UPP]), ("Νηπιαγωγείο", [PRE]),
               ("ΕΠΑΛ", [VOC]), ("Πειραματικό Σχολείο", [LOW, UPP])],
        namesakes="Αγίου Δημητρίου|Καλαμαριάς|Νέας Σμύρνης|Αμπελοκήπων|Πυλαίας|Χαλανδρίου|Περιστερίου|Κηφισιάς",
        patterns=["{n}ο {type} {town}", "{n}ο {type} {namesake}", "{type} {town}"]),
    "HU": dict(
        population=9.6, languages={"hu": 1.0},
        male="László István József János Zoltán Sándor Gábor Ferenc Attila Péter Tamás Zsolt Tibor András Csaba",
        female="Mária Erzsébet Katalin Ilona Éva Anna Zsuzsanna Margit Judit Ágnes Andrea Erika Krisztina "
               "Ildikó Szilvia Gabriella Tünde Enikő",
        surnames="Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Takács Juhász "
                 "Lakatos Mészáros Oláh Simon Rácz Fekete Szilágyi Török Fehér Balázs Gál Kis Szűcs Kocsis "
                 "Orsós Pintér Fodor Szalai Sipos Magyar Lukács Gulyás Bíró Király",
        towns="Budapest|Debrecen|Szeged|Miskolc|Pécs|Győr|Nyíregyháza|Kecskemét|Székesfehérvár|Szombathely|"
              "Szolnok|Tatabánya|Kaposvár|Érd|Veszprém|Békéscsaba|Zalaegerszeg|Sopron|Eger",
        types=[("Általános Iskola", [PRI, LOW]), ("Gimnázium", [LOW, UPP]), ("Szakgimnázium", [UPP, VOC]),
               ("Óvoda", [PRE]), ("Technikum", [VOC])],
        namesakes="Petőfi Sándor|Arany János|Kossuth Lajos|Széchenyi István|József Attila|Ady Endre|Bolyai János|"
                  "Kodály Zoltán|Móricz Zsigmond|Szent István|Radnóti Miklós|Bartók Béla",
        patterns=["{namesake} {type}", "{town}i {namesake} {type}", "{town} {type}"]),
    "IE": dict(
        population=5.3, languages={"en": 0.9, "ga": 0.1},
        male="John Michael Patrick David Seán Paul Brian Declan Ciarán Niall Conor Liam Kevin Aidan Dónal",
        female="Mary Siobhán Aoife Niamh Sinéad Catherine Sarah Róisín Orla Claire Emma Áine Deirdre Gráinne "
               "Fiona Caoimhe Eimear",
        surnames="Murphy Kelly O'Sullivan Walsh Smith O'Brien Byrne Ryan O'Connor O'Neill O'Reilly Doyle "
                 "McCarthy Gallagher O'Doherty Kennedy Lynch Murray Quinn Moore McLoughlin Ó Súilleabháin "
                 "Mac Giolla Phádraig Ní Bhriain",
        towns="Dublin|Cork|Limerick|Galway|Waterford|Drogheda|Dundalk|Swords|Bray|Navan|Kilkenny|Ennis|Carlow|"
              "Tralee|Newbridge|Sligo|Athlone|Letterkenny",
        types=[("National School", [PRI]), ("Community School", [LOW, UPP]), ("Secondary School", [LOW, UPP]),
               ("College", [LOW, UPP]), ("Gaelscoil", [PRI]), ("Educate Together NS", [PRI])],
        namesakes="St. Mary's|St. Joseph's|St. Patrick's|Scoil Bhríde|Presentation|Loreto|Christian Brothers|"
                  "Coláiste Íde|St. Brigid's|Holy Family",
        patterns=["{namesake} {type}, {town}", "{namesake} {type}", "{town} {type}"]),
    "IT": dict(
        population=59.0, languages={"it": 1.0},
        male="Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Carlo Franco "
             "Domenico Bruno Paolo Michele Giorgio Roberto Marco Andrea",
        female="Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Caterina Francesca Antonietta "
               "Laura Paola Rita Elena Silvia Chiara Daniela Patrizia Manuela Nicoletta",
        surnames="Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti "
                 "De Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi "
                 "Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola "
                 "De Santis D'Angelo Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso",
        towns="Roma|Milano|Napoli|Torino|Palermo|Genova|Bologna|Firenze|Bari|Catania|Venezia|Verona|Messina|"
              "Padova|Trieste|Brescia|Parma|Taranto|Prato|Modena|Reggio Calabria|Reggio Emilia|Perugia|Livorno|"
              "Ravenna|Cagliari|Foggia|Rimini|Salerno|Ferrara|Sassari|Latina|Monza|Siracusa|Pescara|Bergamo",
        types=[("Istituto Comprensivo", [PRE, PRI, LOW]), ("Scuola Primaria", [PRI]),
               ("Scuola Secondaria di I grado", [LOW]), ("Liceo Scientifico", [UPP]), ("Liceo Classico", [UPP]),
               ("Istituto Tecnico", [UPP, VOC]), ("Istituto Professionale", [VOC]), ("Scuola dell'Infanzia", [PRE]),
               ("Liceo Linguistico", [UPP]), ("IIS", [UPP, VOC])],
        namesakes="Giuseppe Garibaldi|Dante Alighieri|Leonardo da Vinci|Galileo Galilei|Alessandro Manzoni|"
                  "Giuseppe Mazzini|Giovanni Pascoli|Enrico Fermi|Guglielmo Marconi|Maria Montessori|"
                  "Giovanni Falcone|Paolo Borsellino|Don Lorenzo Milani|Gianni Rodari|Giacomo Leopardi|"
                  "Luigi Pirandello|Giovanni Verga|Italo Calvino|Primo Levi",
        patterns=["{type} \"{namesake}\"", "{type} {namesake} {town}", "{type} {town} {n}", "{type} {namesake}"]),
    "LV": dict(
        population=1.9, languages={"lv": 0.8, "ru": 0.2},
        male="Jānis Andris Juris Edgars Māris Aivars Valdis Artūrs Kārlis Guntis Raivis Uldis Ivars",
        female="Anna Kristīne Inese Ilze Līga Dace Sandra Inga Laura Ieva Baiba Sanita Gunta Iveta Zane",
        surnames="Bērziņš|Bērziņa Kalniņš|Kalniņa Ozoliņš|Ozoliņa Jansons|Jansone Ozols|Ozola Liepiņš|Liepiņa "
                 "Krūmiņš|Krūmiņa Balodis|Balode Eglītis|Eglīte Zariņš|Zariņa Pētersons|Pētersone "
                 "Vītols|Vītola Kļaviņš|Kļaviņa Ābols|Ābola Kārkliņš|Kārkliņa Ivanovs|Ivanova",
        towns="Rīga|Daugavpils|Liepāja|Jelgava|Jūrmala|Ventspils|Rēzekne|Valmiera|Jēkabpils|Ogre|Tukums|Cēsis",
        types=[("pamatskola", [PRI, LOW]), ("vidusskola", [LOW, UPP]), ("ģimnāzija", [UPP]),
               ("pirmsskolas izglītības iestāde", [PRE]), ("tehnikums", [VOC])],
        namesakes="Valsts|1.|2.|3.|Centra|Āgenskalna|Purvciema|Teikas|Ziemeļvalstu",
        patterns=["{town} {namesake} {type}", "{town}s {n}. {type}", "{namesake} {type}"]),
    "LT": dict(
        population=2.9, languages={"lt": 0.92, "ru": 0.04, "pl": 0.04},
        male="Jonas Antanas Tomas Darius Mindaugas Vytautas Andrius Rimantas Saulius Gintaras Audrius Marius",
        female="Irena Rasa Kristina Daiva Jūratė Rita Aušra Vilma Laima Lina Asta Ingrida Dalia Ona Živilė",
        surnames="Kazlauskas|Kazlauskienė Jankauskas|Jankauskienė Petrauskas|Petrauskienė Stankevičius|Stankevičienė "
                 "Vasiliauskas|Vasiliauskienė Žukauskas|Žukauskienė Butkus|Butkienė Paulauskas|Paulauskienė "
                 "Urbonas|Urbonienė Kavaliauskas|Kavaliauskienė Navickas|Navickienė Ramanauskas|Ramanauskienė "
                 "Savickas|Savickienė Rimkus|Rimkienė Šimkus|Šimkienė",
        towns="Vilnius|Kaunas|Klaipėda|Šiauliai|Panevėžys|Alytus|Marijampolė|Mažeikiai|Jonava|Utena|Kėdainiai|"
              "Telšiai|Tauragė|Ukmergė",
        types=[("progimnazija", [PRI, LOW]), ("gimnazija", [LOW, UPP]), ("pagrindinė mokykla", [PRI, LOW]),
               ("lopšelis-darželis", [PRE]), ("profesinio rengimo centras", [VOC])],
        namesakes="Antakalnio|Žirmūnų|Šilainių|Vytauto Didžiojo|Maironio|Simono Daukanto|Ąžuolyno|Saulės",
        patterns=["{town} {namesake} {type}", "{namesake} {type}", "{town} {type}"]),
    "LU": dict(
        population=0.66, languages={"lb": 0.4, "fr": 0.35, "de": 0.25},
        male="Jean Marc Luc Paul Pierre Tom Claude Patrick Gilles Yves Joël Michel",
        female="Anne Marie Nathalie Sandra Carole Martine Claudine Sylvie Tessy Isabelle Nadine Christiane",
        surnames="Schmit Muller Weber Hoffmann Wagner Thill Schmitz Schroeder Reuter Klein Kremer Faber Schiltz "
                 "Da Silva Pereira Ferreira Welter Majerus",
        towns="Luxembourg|Esch-sur-Alzette|Differdange|Dudelange|Ettelbruck|Diekirch|Wiltz|Echternach|Mersch",
        types=[("École fondamentale", [PRE, PRI]), ("Lycée", [LOW, UPP]), ("Lycée technique", [UPP, VOC]),
               ("Grondschoul", [PRI])],
        namesakes="Aline Mayrisch|Michel Rodange|Hubert Clément|Robert Schuman|Nic Biever|des Arts et Métiers",
        patterns=["{type} {namesake}", "{type} {town}", "{type} {namesake} {town}"]),
    "MT": dict(
        population=0.55, languages={"mt": 0.6, "en": 0.4},
        male="Joseph John Mark Paul Charles Anthony Carmel Mario Jean Luke Matthew",
        female="Maria Mary Rita Josephine Carmen Doris Marthese Rosaria Stephanie Sarah Michela Graziella",
        surnames="Borg Camilleri Vella Farrugia Zammit Galea Micallef Grech Attard Spiteri Azzopardi Mifsud "
                 "Agius Pace Sammut Debono Caruana Cassar Buttigieg Xuereb",
        towns="Birkirkara|Mosta|Qormi|Żabbar|Sliema|San Ġwann|Naxxar|Żejtun|Rabat|Valletta|Fgura|Victoria",
        types=[("Primary School", [PRI]), ("Middle School", [LOW]), ("Secondary School", [LOW, UPP]),
               ("College", [LOW, UPP]), ("Skola Primarja", [PRI])],
        namesakes="St Margaret College|St Ignatius College|Maria Regina College|St Benedict College|Gozo College",
        patterns=["{namesake} {type} {town}", "{town} {type}", "{namesake} {town}"]),
    "NL": dict(
        population=17.9, languages={"nl": 1.0},
        male="Jan Peter Johannes Hendrik Cornelis Willem Gerrit Pieter Dirk Jeroen Mark Bas Sander Ruud Thijs",
        female="Maria Anna Johanna Elisabeth Cornelia Wilhelmina Petronella Anneke Marieke Ingrid Esther "
               "Sandra Monique Linda Femke Lotte Sanne",
        surnames="de Jong Jansen de Vries van den Berg van Dijk Bakker Janssen Visser Smit Meijer de Boer "
                 "Mulder de Groot Bos Vos Peters Hendriks van Leeuwen Dekker Brouwer de Wit Dijkstra Smits "
                 "de Graaf van der Meer van der Linden Kok Jacobs de Haan Vermeulen",
        towns="Amsterdam|Rotterdam|Den Haag|Utrecht|Eindhoven|Groningen|Tilburg|Almere|Breda|Nijmegen|Apeldoorn|"
              "Haarlem|Arnhem|Enschede|Amersfoort|Zaanstad|'s-Hertogenbosch|Zwolle|Leiden|Maastricht|Dordrecht",
        types=[("Basisschool", [PRI]), ("Openbare Basisschool", [PRI]), ("Lyceum", [LOW, UPP]), ("College", [LOW, UPP]),
               ("Scholengemeenschap", [LOW, UPP]), ("ROC", [VOC]), ("Gymnasium", [LOW, UPP])],
        namesakes="De Regenboog|De Wegwijzer|Het Kompas|De Fontein|De Zonnewijzer|Erasmus|Spinoza|Comenius|"
                  "Montessori|Dalton|Sint-Janslyceum|Het Baken",
        patterns=["{type} {namesake}", "{namesake} {type} {town}", "{type} {town}"]),
    "PL": dict(
        population=36.6, languages={"pl": 1.0},
        male="Piotr Krzysztof Andrzej Tomasz Paweł Jan Michał Marcin Jakub Adam Łukasz Marek Grzegorz Wojciech "
             "Mariusz Dariusz Zbigniew",
        female="Anna Katarzyna Maria Małgorzata Agnieszka Barbara Ewa Magdalena Elżbieta Krystyna Joanna "
               "Aleksandra Monika Zofia Beata Dorota Jadwiga Grażyna Iwona Bożena Renata Urszula",
        surnames="Nowak Kowalski|Kowalska Wiśniewski|Wiśniewska Wójcik Kowalczyk Kamiński|Kamińska "
                 "Lewandowski|Lewandowska Zieliński|Zielińska Szymański|Szymańska Woźniak Dąbrowski|Dąbrowska "
                 "Kozłowski|Kozłowska Jankowski|Jankowska Mazur Wojciechowski|Wojciechowska Kwiatkowski|Kwiatkowska "
                 "Krawczyk Kaczmarek Piotrowski|Piotrowska Grabowski|Grabowska Zając Pawłowski|Pawłowska Michalski|"
                 "Michalska Król Wieczorek Jabłoński|Jabłońska Wróbel Nowakowski|Nowakowska Majewski|Majewska "
                 "Olszewski|Olszewska Stępień Malinowski|Malinowska Jaworski|Jaworska Adamczyk Dudek Nowicki|Nowicka "
                 "Pawlak Górski|Górska Witkowski|Witkowska Walczak Sikora Baran Rutkowski|Rutkowska Michalak Szewczyk "
                 "Ostrowski|Ostrowska Tomaszewski|Tomaszewska Pietrzak Zalewski|Zalewska Wróblewski|Wróblewska",
        towns="Warszawa|Kraków|Łódź|Wrocław|Poznań|Gdańsk|Szczecin|Bydgoszcz|Lublin|Białystok|Katowice|Gdynia|"
              "Częstochowa|Radom|Toruń|Sosnowiec|Rzeszów|Kielce|Gliwice|Olsztyn|Zabrze|Bielsko-Biała|Bytom|"
              "Zielona Góra|Rybnik|Ruda Śląska|Opole|Tychy|Gorzów Wielkopolski|Elbląg|Płock|Wałbrzych|Tarnów",
        types=[("Szkoła Podstawowa", [PRI, LOW]), ("Liceum Ogólnokształcące", [UPP]), ("Technikum", [UPP, VOC]),
               ("Przedszkole", [PRE]), ("Zespół Szkół", [LOW, UPP, VOC]), ("Branżowa Szkoła I Stopnia", [VOC])],
        namesakes="Mikołaja Kopernika|Marii Skłodowskiej-Curie|Jana Pawła II|Adama Mickiewicza|Henryka Sienkiewicza|"
                  "Tadeusza Kościuszki|Juliusza Słowackiego|Janusza Korczaka|Fryderyka Chopina|Bolesława Prusa|"
                  "Stefana Żeromskiego|Marii Konopnickiej|Kornela Makuszyńskiego|Józefa Piłsudskiego|Orląt Lwowskich",
        patterns=["{type} nr {n} im. {namesake} w {town}", "{type} nr {n} w {town}", "{type} im. {namesake}",
                  "{n} {type} im. {namesake}"]),
    "PT": dict(
        population=10.6, languages={"pt": 1.0},
        male="José João António Manuel Francisco Carlos Luís Paulo Pedro Rui Jorge Miguel Nuno Ricardo Sérgio",
        female="Maria Ana Isabel Paula Sandra Cristina Sónia Teresa Susana Helena Fernanda Patrícia Carla Rosa "
               "Conceição Fátima Lúcia Inês",
        surnames="Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves "
                 "Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira Correia Mendes Nunes "
                 "Soares Vieira Monteiro Cardoso Rocha Raposo Neves Coelho Cruz Cunha Pires Simões Magalhães",
        towns="Lisboa|Porto|Vila Nova de Gaia|Amadora|Braga|Funchal|Coimbra|Setúbal|Almada|Agualva-Cacém|Queluz|"
              "Aveiro|Viseu|Leiria|Faro|Évora|Guimarães|Viana do Castelo|Bragança|Castelo Branco|Ponta Delgada",
        types=[("Escola Básica", [PRI, LOW]), ("Escola Secundária", [UPP]), ("Agrupamento de Escolas", [PRE, PRI, LOW]),
               ("Jardim de Infância", [PRE]), ("Escola Profissional", [VOC]), ("Colégio", [PRI, LOW, UPP])],
        namesakes="D. Dinis|Camões|Eça de Queirós|Fernando Pessoa|Sophia de Mello Breyner|Marquês de Pombal|"
                  "Infante D. Henrique|Padre António Vieira|Gil Vicente|Almeida Garrett|José Saramago",
        patterns=["{type} {namesake}", "{type} de {town}", "{type} {namesake}, {town}"]),
    "RO": dict(
        population=19.0, languages={"ro": 0.94, "hu": 0.06},
        male="Ion Gheorghe Vasile Constantin Alexandru Mihai Nicolae Ioan Andrei Florin Cristian Marius Daniel "
             "Adrian Ștefan Dumitru",
        female="Maria Elena Ioana Ana Mihaela Andreea Cristina Daniela Gabriela Mariana Alexandra Adriana "
               "Georgiana Simona Luminița Camelia Rodica Violeta Oana Raluca",
        surnames="Popa Popescu Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Ionescu Rusu Mihai Constantin "
                 "Mocanu Marin Lazăr Munteanu Dinu Moldovan Ștefan Florea Bălan Nistor Tudor Ursu Barbu Dobre "
                 "Toma Cristea Sârbu Neagu Tănase Enache Vasile Gavrilă Diaconu Niculescu Anghel Ene Oprea",
        towns="București|Cluj-Napoca|Timișoara|Iași|Constanța|Craiova|Brașov|Galați|Ploiești|Oradea|Brăila|Arad|"
              "Pitești|Sibiu|Bacău|Târgu Mureș|Baia Mare|Buzău|Botoșani|Satu Mare|Râmnicu Vâlcea|Suceava|Piatra Neamț",
        types=[("Școala Gimnazială", [PRI, LOW]), ("Colegiul Național", [LOW, UPP]), ("Liceul Teoretic", [UPP]),
               ("Grădinița cu Program Prelungit", [PRE]), ("Liceul Tehnologic", [UPP, VOC]),
               ("Colegiul Tehnic", [VOC])],
        namesakes="Mihai Eminescu|Ion Creangă|George Coșbuc|Nicolae Bălcescu|Mihai Viteazul|Ștefan cel Mare|"
                  "Avram Iancu|Vasile Alecsandri|Lucian Blaga|Tudor Vladimirescu|George Enescu|Spiru Haret",
        patterns=["{type} \"{namesake}\" {town}", "{type} nr. {n} {town}", "{type} \"{namesake}\""]),
    "SK": dict(
        population=5.4, languages={"sk": 0.9, "hu": 0.1},
        male="Peter Ján Jozef Michal Martin Tomáš Milan Marek Ľubomír Štefan Miroslav Juraj Pavol Vladimír",
        female="Mária Anna Zuzana Katarína Eva Jana Martina Lucia Ivana Monika Silvia Renáta Ľudmila Alžbeta "
               "Veronika Jarmila",
        surnames="Horváth|Horváthová Kováč|Kováčová Varga|Vargová Tóth|Tóthová Nagy|Nagyová Baláž|Balážová "
                 "Szabó|Szabóová Molnár|Molnárová Lukáč|Lukáčová Novák|Nováková Polák|Poláková Kollár|Kollárová "
                 "Németh|Némethová Oravec|Oravcová Kráľ|Kráľová Hudák|Hudáková Šimko|Šimková Sloboda|Slobodová",
        towns="Bratislava|Košice|Prešov|Žilina|Nitra|Banská Bystrica|Trnava|Trenčín|Martin|Poprad|Prievidza|"
              "Zvolen|Považská Bystrica|Michalovce|Nové Zámky|Komárno",
        types=[("Základná škola", [PRI, LOW]), ("Gymnázium", [LOW, UPP]), ("Stredná odborná škola", [UPP, VOC]),
               ("Materská škola", [PRE]), ("Spojená škola", [PRI, LOW, UPP])],
        namesakes="Ľudovíta Štúra|Pavla Országha Hviezdoslava|Jána Amosa Komenského|Andreja Hlinku|"
                  "Milana Rastislava Štefánika|Martina Kukučína|Janka Kráľa",
        patterns=["{type} {namesake}", "{type}, {town}", "{type} {namesake}, {town}"]),
    "SI": dict(
        population=2.1, languages={"sl": 1.0},
        male="Franc Janez Marko Andrej Ivan Anton Jožef Luka Matej Peter Tomaž Aleš Boštjan Gregor Primož",
        female="Marija Ana Maja Irena Mojca Mateja Nina Barbara Andreja Petra Katja Tanja Špela Urška Nataša",
        surnames="Novak Horvat Kovačič Krajnc Zupančič Potočnik Kovač Mlakar Kos Vidmar Golob Turk Kralj Zupan "
                 "Bizjak Hribar Korošec Rozman Kotnik Oblak Petek Žagar Kolar Košir",
        towns="Ljubljana|Maribor|Celje|Kranj|Koper|Velenje|Novo Mesto|Ptuj|Trbovlje|Kamnik|Jesenice|Nova Gorica|"
              "Domžale|Škofja Loka|Murska Sobota",
        types=[("Osnovna šola", [PRI, LOW]), ("Gimnazija", [UPP]), ("Srednja šola", [UPP, VOC]), ("Vrtec", [PRE]),
               ("Šolski center", [UPP, VOC])],
        namesakes="Franceta Prešerna|Ivana Cankarja|Otona Župančiča|Prežihovega Voranca|Simona Jenka|"
                  "Toneta Čufarja|Bežigrad|Vič|Šentvid",
        patterns=["{type} {namesake}", "{type} {town}", "{type} {namesake} {town}"]),
    "ES": dict(
        population=48.6, languages={"es": 0.8, "ca": 0.12, "eu": 0.04, "gl": 0.04},
        male="Antonio José Manuel Francisco David Juan Javier Jesús Daniel Carlos Miguel Alejandro Rafael Pedro "
             "Ángel Pablo Sergio Fernando Jordi Iñaki",
        female="María Carmen Ana Isabel Laura Cristina Marta Lucía Pilar Elena Rosa Raquel Sara Mercedes Paula "
               "Beatriz Nuria Silvia Montserrat Inmaculada Begoña Ainhoa María José María Dolores",
        surnames="García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz "
                 "Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez "
                 "Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín "
                 "Sanz Núñez Iglesias Medina Garrido Cortés Castillo Santos Lozano Guerrero Cano Prieto Méndez "
                 "Puig Etxeberria",
        towns="Madrid|Barcelona|Valencia|Sevilla|Zaragoza|Málaga|Murcia|Palma|Las Palmas de Gran Canaria|Bilbao|"
              "Alicante|Córdoba|Valladolid|Vigo|Gijón|L'Hospitalet de Llobregat|Vitoria-Gasteiz|A Coruña|Granada|"
              "Elche|Oviedo|Badalona|Terrassa|Cartagena|Jerez de la Frontera|Sabadell|Móstoles|Santa Cruz de Tenerife|"
              "Pamplona|Almería|Alcalá de Henares|Donostia|Burgos|Albacete|Santander|Castellón de la Plana|Logroño|"
              "Badajoz|Salamanca|Huelva|León|Cádiz|Jaén|Ourense|Lleida|Tarragona|Girona|Cáceres|Toledo|Ávila",
        types=[("CEIP", [PRE, PRI]), ("IES", [LOW, UPP]), ("Colegio", [PRI, LOW]), ("CPI", [PRI, LOW]),
               ("Escola", [PRE, PRI]), ("Institut", [LOW, UPP]), ("CIFP", [VOC]), ("Colegio Concertado", [PRI, LOW, UPP])],
        namesakes="Miguel de Cervantes|Antonio Machado|Federico García Lorca|Juan Ramón Jiménez|Ramón y Cajal|"
                  "Gloria Fuertes|Miguel Hernández|Santa María|San José|Rosalía de Castro|Clara Campoamor|"
                  "Severo Ochoa|Gustavo Adolfo Bécquer|Benito Pérez Galdós|Luis Vives|Joan Miró|Virgen del Carmen|"
                  "Nuestra Señora del Rosario|La Salle|Príncipe Felipe",
        patterns=["{type} {namesake}", "{type} {namesake} {town}", "{type} {town}", "{type} {namesake} de {town}"]),
    "SE": dict(
        population=10.5, languages={"sv": 1.0},
        male="Lars Anders Johan Per Erik Karl Peter Mikael Jan Hans Thomas Daniel Fredrik Magnus Björn Åke",
        female="Anna Eva Maria Karin Kristina Lena Sara Kerstin Emma Ingrid Malin Åsa Linnéa Sofia Annika "
               "Helena Ulla Birgitta Märta",
        surnames="Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
                 "Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson "
                 "Lindström Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Söderberg",
        towns="Stockholm|Göteborg|Malmö|Uppsala|Västerås|Örebro|Linköping|Helsingborg|Jönköping|Norrköping|Lund|"
              "Umeå|Gävle|Borås|Södertälje|Eskilstuna|Halmstad|Växjö|Karlstad|Sundsvall|Luleå|Östersund",
        types=[("skolan", [PRI, LOW]), ("gymnasiet", [UPP]), ("förskola", [PRE]), ("grundskola", [PRI, LOW]),
               ("Yrkesgymnasium", [VOC])],
        namesakes="Vasa|Kungsholmens|Engelbrekts|Björkängs|Ekbacka|Rosendals|Haga|Polhem|Katedral|Solbacka",
        patterns=["{namesake}{type}", "{namesake} {type} {town}", "{town} {type}"]),
    "IS": dict(
        population=0.39, languages={"is": 1.0},
        male="Jón Sigurður Guðmundur Gunnar Ólafur Einar Kristján Magnús Stefán Jóhann Björn Þórður",
        female="Guðrún Anna Kristín Sigríður Margrét Helga Sigrún Ingibjörg Jóhanna María Katrín Þórunn",
        surnames="Jónsson|Jónsdóttir Sigurðsson|Sigurðardóttir Guðmundsson|Guðmundsdóttir Gunnarsson|Gunnarsdóttir "
                 "Ólafsson|Ólafsdóttir Einarsson|Einarsdóttir Kristjánsson|Kristjánsdóttir Magnússon|Magnúsdóttir "
                 "Stefánsson|Stefánsdóttir Björnsson|Björnsdóttir",
        towns="Reykjavík|Kópavogur|Hafnarfjörður|Akureyri|Reykjanesbær|Garðabær|Mosfellsbær|Árborg|Akranes",
        types=[("skóli", [PRI, LOW]), ("menntaskóli", [UPP]), ("leikskóli", [PRE]), ("fjölbrautaskóli", [UPP, VOC])],
        namesakes="Laugarnes|Hlíða|Vesturbæjar|Lækjar|Hofsstaða|Brekku",
        patterns=["{namesake}{type}", "{namesake}{type} {town}", "{type} {town}"]),
    "LI": dict(
        population=0.04, languages={"de": 1.0},
        male="Thomas Daniel Peter Markus Martin Patrick",
        female="Sandra Andrea Claudia Nicole Sabine Monika",
        surnames="Büchel Frick Marxer Kaiser Beck Hasler Ospelt Vogt Wohlwend Meier",
        towns="Vaduz|Schaan|Triesen|Balzers|Eschen|Mauren|Triesenberg",
        types=[("Primarschule", [PRI]), ("Realschule", [LOW]), ("Gymnasium", [LOW, UPP]), ("Kindergarten", [PRE])],
        namesakes="Ebenholz|Unterland|Oberland|Resch|Meierhof",
        patterns=["{type} {town}", "{type} {namesake}"]),
    "NO": dict(
        population=5.5, languages={"no": 1.0},
        male="Jan Per Bjørn Ole Lars Kjell Knut Arne Svein Thomas Hans Geir Tor Morten Terje Øyvind",
        female="Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig Marianne Randi Ida "
               "Tone Åse",
        surnames="Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen "
                 "Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen "
                 "Henriksen Lund Sørensen Solberg Bakken Strand Moen Kristoffersen Ødegård",
        towns="Oslo|Bergen|Trondheim|Stavanger|Drammen|Fredrikstad|Kristiansand|Sandnes|Tromsø|Sarpsborg|"
              "Skien|Ålesund|Sandefjord|Haugesund|Tønsberg|Moss|Porsgrunn|Bodø|Arendal|Hamar",
        types=[("skole", [PRI, LOW]), ("videregående skole", [UPP, VOC]), ("barnehage", [PRE]),
               ("ungdomsskole", [LOW]), ("barneskole", [PRI])],
        namesakes="Kongsberg|Nordstrand|Ris|Hauge|Lilleby|Bjørnholt|Kringsjå|Sagene|Ullern|Fjell",
        patterns=["{namesake} {type}", "{town} {type}", "{namesake} {type}, {town}"]),
    "MK": dict(
        population=1.8, languages={"mk": 0.75, "sq": 0.25}, script="cyrillic:mk", latin_share=0.3,
        male="Александар Горан Драган Зоран Никола Дејан Игор Марко Филип Влатко Бојан Сашо Стефан",
        female="Марија Елена Ана Билјана Снежана Весна Јасмина Катерина Маја Ивана Соња Љубица Наташа",
        surnames="Стојановски|Стојановска Николовски|Николовска Трајковски|Трајковска Јованов|Јованова "
                 "Петровски|Петровска Димитриевски|Димитриевска Ристовски|Ристовска Атанасов|Атанасова "
                 "Георгиевски|Георгиевска Стефановски|Стефановска Илиевски|Илиевска Ангеловски|Ангеловска "
                 "Костовски|Костовска Митревски|Митревска",
        towns="Скопје|Битола|Куманово|Прилеп|Тетово|Велес|Охрид|Штип|Гостивар|Струмица|Кавадарци|Кочани",
        types=[("ООУ", [PRI, LOW]), ("СОУ", [UPP, VOC]), ("Гимназија", [UPP]), ("Градинка", [PRE])],
        namesakes="Браќа Миладиновци|Гоце Делчев|Кочо Рацин|Св. Климент Охридски|Блаже Конески|Св. Кирил и Методиј|"
                  "Димитар Миладинов|Јосип Броз Тито",
        patterns=["{type} „{namesake}“ {town}", "{type} „{namesake}“"]),
    "RS": dict(
        population=6.6, languages={"sr": 0.92, "hu": 0.08}, script="cyrillic:sr", latin_share=0.45,
        male="Милан Драган Зоран Горан Никола Александар Марко Дејан Небојша Душан Стефан Милош Ненад Иван",
        female="Јелена Марија Милица Ана Драгана Снежана Гордана Љиљана Мирјана Весна Сандра Јована Тамара "
               "Биљана Наташа",
        surnames="Јовановић Петровић Николић Марковић Ђорђевић Стојановић Илић Станковић Павловић Милошевић "
                 "Ђурић Стевановић Томић Живковић Поповић Лазић Вуковић Косовић Ђукић Радовановић",
        towns="Београд|Нови Сад|Ниш|Крагујевац|Суботица|Зрењанин|Панчево|Чачак|Нови Пазар|Краљево|Смедерево|"
              "Лесковац|Ужице|Ваљево|Шабац|Сомбор",
        types=[("ОШ", [PRI, LOW]), ("Гимназија", [UPP]), ("Техничка школа", [UPP, VOC]),
               ("Предшколска установа", [PRE]), ("Економска школа", [VOC])],
        namesakes="Вук Караџић|Свети Сава|Доситеј Обрадовић|Јован Јовановић Змај|Никола Тесла|Десанка Максимовић|"
                  "Бранко Радичевић|Иво Андрић|Михајло Пупин|Милош Црњански",
        patterns=["{type} „{namesake}“ {town}", "{type} „{namesake}“", "{n}. {type} {town}"]),
    "TR": dict(
        population=85.3, languages={"tr": 1.0},
        male="Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer Ramazan Halil Süleyman "
             "Abdullah Emre Burak Serkan Erdem Kemal Fatih",
        female="Fatma Ayşe Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Hanife Merve Özlem Gülsüm Esra "
               "Büşra Derya Sevgi Nurcan Yasemin Songül Gülay",
        surnames="Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan "
                 "Çetin Kara Koç Kurt Özkan Şimşek Polat Özcan Korkmaz Çakır Erdoğan Yavuz Can Acar Şen Aktaş "
                 "Güler Yalçın Güneş Bozkurt Bulut Keskin Ünal Turan Gül Özer Işık Kaplan Avcı Sarı Tekin Taş "
                 "Köse Yüksel Ateş Aksoy",
        towns="İstanbul|Ankara|İzmir|Bursa|Antalya|Konya|Adana|Şanlıurfa|Gaziantep|Kocaeli|Mersin|Diyarbakır|"
              "Hatay|Manisa|Kayseri|Samsun|Balıkesir|Kahramanmaraş|Van|Aydın|Denizli|Sakarya|Tekirdağ|Muğla|"
              "Eskişehir|Mardin|Malatya|Trabzon|Erzurum|Ordu|Afyonkarahisar|Sivas|Tokat|Zonguldak|Kütahya|Çorum|"
              "Elazığ|Isparta|Edirne|Çanakkale|Rize|Yozgat|Bolu|Kırklareli|Amasya|Nevşehir|Niğde|Kastamonu",
        types=[("İlkokulu", [PRI]), ("Ortaokulu", [LOW]), ("Anadolu Lisesi", [UPP]), ("Fen Lisesi", [UPP]),
               ("Mesleki ve Teknik Anadolu Lisesi", [VOC]), ("Anaokulu", [PRE]), ("İmam Hatip Ortaokulu", [LOW]),
               ("Sosyal Bilimler Lisesi", [UPP])],
        namesakes="Atatürk|Cumhuriyet|Gazi|Mehmet Akif Ersoy|İnönü|Fatih Sultan Mehmet|Yunus Emre|Mimar Sinan|"
                  "Namık Kemal|Hacı Bektaş Veli|Şehit Öğretmen Ayşe Yılmaz|75. Yıl|Kurtuluş|Barbaros|Zübeyde Hanım|"
                  "Necip Fazıl Kısakürek|Cahit Arf|Aziz Sancar",
        patterns=["{namesake} {type}", "{town} {namesake} {type}", "{town} {type}"]),
    "AM": dict(
        population=3.0, languages={"hy": 1.0}, script="armenian", latin_share=0.4,
        male="Արմեն Հայկ Դավիթ Արամ Գագիկ Տիգրան Սամվել Արթուր Կարեն Վահե Հովհաննես Նարեկ Գևորգ",
        female="Անահիտ Մարինե Գայանե Լուսինե Նարինե Արմինե Սիրանուշ Աննա Մարիամ Լիլիթ Հասմիկ Կարինե Ռուզաննա",
        surnames="Գրիգորյան Սարգսյան Հարությունյան Հովհաննիսյան Խաչատրյան Կարապետյան Պետրոսյան Մկրտչյան "
                 "Ավետիսյան Մարտիրոսյան Վարդանյան Գևորգյան Սահակյան Ղազարյան Մանուկյան Ստեփանյան Հակոբյան",
        towns="Երևան|Գյումրի|Վանաձոր|Վաղարշապատ|Աբովյան|Կապան|Հրազդան|Արմավիր|Արտաշատ|Իջևան|Գավառ",
        types=[("դպրոց", [PRI, LOW]), ("ավագ դպրոց", [UPP]), ("վարժարան", [PRI, LOW, UPP]),
               ("մանկապարտեզ", [PRE]), ("քոլեջ", [VOC])],
        namesakes="Հովհաննես Թումանյանի անվան|Եղիշե Չարենցի անվան|Խաչատուր Աբովյանի անվան|"
                  "Մեսրոպ Մաշտոցի անվան|Ավետիք Իսահակյանի անվան",
        patterns=["{town}ի N {n} {type}", "{namesake} {type}", "{town}ի {namesake} {n} {type}"]),
    "AZ": dict(
        population=10.1, languages={"az": 0.95, "ru": 0.05},
        male="Əli Məhəmməd Hüseyn Elvin Rəşad Orxan Tural Elçin Vüqar Anar Kamran Fərid Ramil Səbuhi Nicat",
        female="Aynur Leyla Günay Sevinc Nərmin Aytən Ülviyyə Gülnarə Səbinə Könül Vüsalə Nigar Lalə Şəbnəm Aysel",
        surnames="Məmmədov|Məmmədova Əliyev|Əliyeva Həsənov|Həsənova Hüseynov|Hüseynova Quliyev|Quliyeva "
                 "İsmayılov|İsmayılova Abbasov|Abbasova Rzayev|Rzayeva Mustafayev|Mustafayeva Süleymanov|"
                 "Süleymanova Cəfərov|Cəfərova Nəsirov|Nəsirova Bağırov|Bağırova Əhmədov|Əhmədova",
        towns="Bakı|Gəncə|Sumqayıt|Mingəçevir|Şirvan|Naxçıvan|Lənkəran|Şəki|Yevlax|Xırdalan|Quba|Şamaxı",
        types=[("nömrəli tam orta məktəb", [PRI, LOW, UPP]), ("Liseyi", [UPP]), ("uşaq bağçası", [PRE]),
               ("Peşə Məktəbi", [VOC])],
        namesakes="Nizami Gəncəvi|Füzuli|Üzeyir Hacıbəyli|Cəlil Məmmədquluzadə|Səməd Vurğun|Heydər Əliyev",
        patterns=["{town} şəhəri {n} {type}", "{namesake} adına {n} {type}", "{town} {type}"]),
    "GE": dict(
        population=3.7, languages={"ka": 1.0}, script="georgian", latin_share=0.4,
        male="გიორგი დავით ნიკოლოზ ლევან ირაკლი ზურაბ დავითი ალექსანდრე გოჩა მამუკა ვახტანგ თამაზ ლაშა",
        female="ნინო მარიამ თამარ ეკატერინე ნათია ქეთევან მაია ლალი მანანა ხათუნა ნანა ეკა სალომე ანა",
        surnames="ბერიძე მამედოვი კაპანაძე გელაშვილი მაისურაძე გიორგაძე ლომიძე ცეცხლაძე ბოლქვაძე ნოზაძე "
                 "ხუციშვილი ჯაფარიძე ქავთარაძე ნაკაშიძე ჩხეიძე ბაქრაძე",
        towns="თბილისი|ბათუმი|ქუთაისი|რუსთავი|გორი|ზუგდიდი|ფოთი|ხაშური|სამტრედია|სენაკი|ზესტაფონი|თელავი",
        types=[("საჯარო სკოლა", [PRI, LOW, UPP]), ("გიმნაზია", [LOW, UPP]), ("ბაგა-ბაღი", [PRE]),
               ("კოლეჯი", [VOC])],
        namesakes="ილია ჭავჭავაძის სახელობის|აკაკი წერეთლის სახელობის|ვაჟა-ფშაველას სახელობის",
        patterns=["{town}ის N{n} {type}", "{namesake} {type}", "{town}ის {namesake} N{n} {type}"]),
    "MD": dict(
        population=2.5, languages={"ro": 0.85, "ru": 0.15},
        male="Ion Vasile Sergiu Nicolae Andrei Victor Alexandru Dumitru Igor Vadim Mihai Constantin",
        female="Maria Elena Natalia Tatiana Svetlana Ana Olga Lilia Galina Valentina Irina Doina Angela",
        surnames="Rusu Ceban Ciobanu Țurcan Lungu Munteanu Cojocaru Rotari Moraru Popa Guțu Sîrbu Bodrug Cebotari "
                 "Covalciuc Ursu Balan Botnari",
        towns="Chișinău|Bălți|Tiraspol|Bender|Rîbnița|Cahul|Ungheni|Soroca|Orhei|Comrat|Ceadîr-Lunga|Strășeni",
        types=[("Liceul Teoretic", [LOW, UPP]), ("Gimnaziul", [PRI, LOW]), ("Școala Primară", [PRI]),
               ("Grădinița", [PRE]), ("Colegiul", [VOC])],
        namesakes="Mihai Eminescu|Ion Creangă|Alexandru Ioan Cuza|Ștefan cel Mare|Grigore Vieru|Dimitrie Cantemir|"
                  "Spiru Haret|Vasile Alecsandri",
        patterns=["{type} \"{namesake}\" {town}", "{type} nr. {n} {town}", "{type} \"{namesake}\""]),
    "TN": dict(
        population=12.3, languages={"ar": 0.6, "fr": 0.4},
        male="Mohamed Ahmed Ali Mahmoud Sami Karim Hichem Nabil Walid Mourad Riadh Slim Anis Khaled Mehdi "
             "Hatem Fethi",
        female="Fatma Amel Sonia Leila Samia Nadia Imen Sana Olfa Rim Hela Asma Salma Ines Mouna Khaoula Wafa "
               "Hajer",
        surnames="Ben Ali Trabelsi Gharbi Hammami Jebali Ben Salah Mejri Ayari Ben Ammar Bouazizi Dridi Jelassi "
                 "Ben Hassen Chaabane Sassi Mansouri Khelifi Ben Youssef Bouzid Ferchichi Ben Mabrouk Zouari",
        towns="Tunis|Sfax|Sousse|Kairouan|Bizerte|Gabès|Ariana|Gafsa|Monastir|Ben Arous|Kasserine|Médenine|"
              "Nabeul|Tataouine|Béja|Le Kef|Mahdia|Sidi Bouzid|Jendouba|Tozeur",
        types=[("École primaire", [PRI]), ("Collège", [LOW]), ("Lycée", [UPP]), ("Lycée pilote", [UPP]),
               ("Centre de formation professionnelle", [VOC]), ("Jardin d'enfants", [PRE])],
        namesakes="Bourguiba|Farhat Hached|Ibn Khaldoun|Aboul Kacem Chebbi|Tahar Haddad|Ali Belhouane|"
                  "Rue de Marseille|Avenue de la République|Hédi Chaker|El Menzah",
        patterns=["{type} {namesake} {town}", "{type} {namesake}", "{type} de {town}"]),
    "UA": dict(
        population=33.0, languages={"uk": 0.9, "ru": 0.1}, script="cyrillic:uk", latin_share=0.35,
        male="Олександр Сергій Андрій Володимир Віктор Микола Іван Юрій Василь Олег Дмитро Петро Михайло "
             "Тарас Богдан Ярослав",
        female="Олена Наталія Тетяна Ірина Оксана Світлана Людмила Галина Юлія Ольга Надія Марія Валентина "
               "Лариса Анна Інна Катерина Ганна Віра",
        surnames="Мельник Шевченко Коваленко Бондаренко Бойко Ткаченко Кравченко Ковальчук Коваль Олійник "
                 "Шевчук Поліщук Ткачук Савченко Бондар Марченко Руденко Мороз Лисенко Петренко Клименко "
                 "Павленко Кравчук Кузьменко Пономаренко Савчук Василенко Левченко Харченко Карпенко",
        towns="Київ|Харків|Одеса|Дніпро|Львів|Запоріжжя|Кривий Ріг|Миколаїв|Вінниця|Полтава|Чернігів|Черкаси|"
              "Хмельницький|Житомир|Суми|Рівне|Івано-Франківськ|Тернопіль|Луцьк|Ужгород|Кропивницький|Чернівці",
        types=[("ЗОШ I-III ступенів", [PRI, LOW, UPP]), ("Ліцей", [LOW, UPP]), ("Гімназія", [LOW, UPP]),
               ("ЗДО", [PRE]), ("Професійний ліцей", [VOC]), ("Початкова школа", [PRI])],
        namesakes="імені Тараса Шевченка|імені Лесі Українки|імені Івана Франка|імені Григорія Сковороди|"
                  "імені Василя Сухомлинського|імені Михайла Грушевського",
        patterns=["{town}ська {type} № {n}", "{type} № {n} {namesake}", "{type} {namesake} {town}"]),
}

COUNTRY_CODES = tuple(COUNTRIES)


def split_words(spec, sep=None):
    return [w for w in (spec.split(sep) if sep else spec.split()) if w]


def names_of(country):
    """(male first names, female first names, [(masculine surname, feminine surname)]) of a country.
    A few first names are two words (``María José``); they are written joined by a space in the
    lists and kept together."""
    c = COUNTRIES[country]
    male, female = _multiword(c["male"]), _multiword(c["female"])
    surnames = []
    for item in _multiword(c["surnames"]):
        masc, _, fem = item.partition("|")
        surnames.append((masc, fem or masc))
    return male, female, surnames


_JOINED = {"María José", "María Dolores", "Jean-Pierre", "Ben Ali", "Ben Salah", "Ben Ammar", "Ben Hassen",
           "Ben Youssef", "Ben Mabrouk", "De Smet", "De Luca", "De Santis", "Van den Broeck", "Van Damme",
           "de Jong", "de Vries", "van den Berg", "van Dijk", "de Boer", "de Groot", "van Leeuwen", "de Wit",
           "de Graaf", "van der Meer", "van der Linden", "de Haan", "Da Silva", "Ó Súilleabháin",
           "Mac Giolla Phádraig", "Ní Bhriain"}


def _multiword(spec):
    """Split a list on spaces, keeping the multi-word names of ``_JOINED`` together."""
    words, out, i = spec.split(), [], 0
    while i < len(words):
        for size in (3, 2):
            candidate = " ".join(words[i:i + size])
            if candidate in _JOINED:
                out.append(candidate)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out
