"""The development sign-in page's texts in each of the languages. The
parameter names (``redirect_uri``) stay as the OAuth specifications spell
them: the reader is a developer whose application sent them."""

from __future__ import annotations

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "kk"
"""As the patient's page: the console's users read Kazakh first."""

TEXTS: dict[str, dict[str, str]] = {
    "kk": {
        "title": "Әзірлеуге арналған кіру",
        "environment": "Тек әзірлеу ортасы (KEZEK_ENV=development)",
        "notice": "Кім екеніңізді таңдаңыз: ештеңе тексерілмейді.",
        "client": "Қолданба: {client}; қайтатын мекенжай: {redirect}",
        "role": "Рөл",
        "role.doctor": "Дәрігер (жолдама береді)",
        "role.hospital": "Аурухана тіркеушісі",
        "role.admin": "Бюро (әкімші)",
        "facility": "Мекеме",
        "facility.hint": "Әкімші Емдеуге жатқызу бюросында жұмыс істейді: "
        "таңдалған мекеме қолданылмайды.",
        "name": "Көрсетілетін аты",
        "default_name": "Әйгерім Садықова",
        "submit": "Кіру",
        "languages": "Тіл",
        "refused": "Бұл кіру сұрауын қолдану мүмкін емес",
        "again": "Кіруді қолданбадан қайта бастаңыз.",
        "issuer": "Kezek-тің әзірлеуге арналған токен берушісі. Қолданбалар "
        "(консоль) пайдаланушыларды кіру үшін осында жібереді.",
        "discovery": "Сипаттама құжаты (OpenID Connect Discovery)",
        "missing": "{field} берілмеген.",
        "too_long": "{field} тым ұзын (ең көбі 512 таңба).",
        "code_only": "Тек response_type=code қолданылады.",
        "s256_only": "Тек code_challenge_method=S256 қолданылады.",
        "challenge_form": "code_challenge A-Z a-z 0-9 - . _ ~ таңбаларының "
        "43–128-інен тұруы керек.",
        "local_only": "redirect_uri 127.0.0.1 немесе localhost-тағы http(s) "
        "мекенжайы болуы керек.",
        "tampered": "Форманың параметрлері авторизация сұрауындағыдай емес.",
        "name_missing": "Атыңызды енгізіңіз (ең көбі 80 таңба).",
        "role_unknown": "Рөлдердің бірін таңдаңыз.",
        "facility_unknown": "Тізілімдегі мекемені таңдаңыз.",
    },
    "ru": {
        "title": "Вход для разработки",
        "environment": "Только среда разработки (KEZEK_ENV=development)",
        "notice": "Выберите, кто вы: ничего не проверяется.",
        "client": "Приложение: {client}; адрес возврата: {redirect}",
        "role": "Роль",
        "role.doctor": "Врач (направляет)",
        "role.hospital": "Регистратор стационара",
        "role.admin": "Бюро (администратор)",
        "facility": "Организация",
        "facility.hint": "Администратор работает в Бюро госпитализации: "
        "выбранная организация не используется.",
        "name": "Отображаемое имя",
        "default_name": "Айгерим Садыкова",
        "submit": "Войти",
        "languages": "Язык",
        "refused": "Этот запрос на вход нельзя использовать",
        "again": "Начните вход заново из приложения.",
        "issuer": "Издатель токенов Kezek для разработки. Приложения "
        "(консоль) направляют сюда пользователей для входа.",
        "discovery": "Документ обнаружения (OpenID Connect Discovery)",
        "missing": "Не указан параметр {field}.",
        "too_long": "Параметр {field} слишком длинный (не более 512 символов).",
        "code_only": "Поддерживается только response_type=code.",
        "s256_only": "Поддерживается только code_challenge_method=S256.",
        "challenge_form": "code_challenge должен состоять из 43–128 символов "
        "A-Z a-z 0-9 - . _ ~.",
        "local_only": "redirect_uri должен быть адресом http(s) на 127.0.0.1 "
        "или localhost.",
        "tampered": "Параметры формы не совпадают с запросом авторизации.",
        "name_missing": "Введите имя (не более 80 символов).",
        "role_unknown": "Выберите одну из ролей.",
        "facility_unknown": "Выберите организацию из реестра.",
    },
    "en": {
        "title": "Development sign-in",
        "environment": "Development only (KEZEK_ENV=development)",
        "notice": "Choose who you are: nothing is checked.",
        "client": "Application: {client}; returning to {redirect}",
        "role": "Role",
        "role.doctor": "Doctor (refers patients)",
        "role.hospital": "Hospital clerk",
        "role.admin": "Bureau (admin)",
        "facility": "Facility",
        "facility.hint": "An admin works for the Hospitalization Bureau: the "
        "facility chosen is not used.",
        "name": "Display name",
        "default_name": "Aigerim Sadykova",
        "submit": "Sign in",
        "languages": "Language",
        "refused": "This sign-in request cannot be used",
        "again": "Start the sign-in again from the application.",
        "issuer": "Kezek's development issuer. Applications (the console) "
        "send their users here to sign in.",
        "discovery": "Discovery document (OpenID Connect Discovery)",
        "missing": "{field} is missing.",
        "too_long": "{field} is too long (512 characters at most).",
        "code_only": "Only response_type=code is supported.",
        "s256_only": "Only code_challenge_method=S256 is supported.",
        "challenge_form": "code_challenge must be 43 to 128 of the characters "
        "A-Z a-z 0-9 - . _ ~.",
        "local_only": "redirect_uri must be an http(s) address on 127.0.0.1 "
        "or localhost.",
        "tampered": "The form's parameters are not the authorization request's.",
        "name_missing": "Enter a name (80 characters at most).",
        "role_unknown": "Choose one of the roles.",
        "facility_unknown": "Choose a facility from the registry.",
    },
}
