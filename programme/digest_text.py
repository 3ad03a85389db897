"""The digest's words: the employee's e-mail in their language, and the team-chat post.

Titles and summaries come from pages on the internet: the e-mail is plain text only, and the
chat post escapes what Slack and Teams would read as markup or as an @channel mention.
"""

from __future__ import annotations

from email.message import EmailMessage

from programme.suggest import Suggestion
from store.digest import Approved

SUBJECT = {"fr": "Ambassade · vos suggestions de la semaine {week}",
           "en": "Ambassade · your suggestions for week {week}"}
WORDS = {
    "fr": {"hello": "Bonjour {name},", "intro": "Voici {n} contenus de {brand} que vous pourriez partager cette semaine :",
           "why": "Pourquoi", "text": "Texte proposé ({network})",
           "footer": ("Vous recevez ce message parce que vous avez choisi la synthèse hebdomadaire. "
                      "Pour ne plus la recevoir, retirez « synthèse » de vos choix sur votre page "
                      "Ambassade : rien d'autre ne change. Partager reste toujours libre."),
           "post": "Nouveaux contenus à partager ({week}) :"},
    "en": {"hello": "Hello {name},", "intro": "Here are {n} pieces of {brand} content you could share this week:",
           "why": "Why", "text": "Suggested text ({network})",
           "footer": ("You receive this because you chose the weekly digest. To stop it, remove "
                      "\"digest\" from your choices on your Ambassade page: nothing else changes. "
                      "Sharing is always up to you."),
           "post": "New content to share ({week}):"},
}


def digest_lang(lang: str | None, fallback: str) -> str:
    for candidate in (lang, fallback):
        if candidate in WORDS:
            return candidate
    return "fr"


def digest_message(sender: str, to: str, name: str, brand: str, week: str, lang: str,
                   found: list[Suggestion], networks: list[str]) -> EmailMessage:
    """One employee's digest: each suggestion's title, link, reasons and one suggested text."""
    words = WORDS[lang]
    lines = [words["hello"].format(name=_plain(name)), "",
             words["intro"].format(n=len(found), brand=brand), ""]
    for n, s in enumerate(found, 1):
        lines += [f"{n}. {_plain(s.title)}", f"   {s.url}",
                  f"   {words['why']} : {'; '.join(s.reasons)}" if lang == "fr"
                  else f"   {words['why']}: {'; '.join(s.reasons)}"]
        network = next((net for net in networks if net in s.texts), next(iter(s.texts), None))
        if network is not None:
            text = s.texts[network].replace("\n", "\n   ")
            lines += [f"   {words['text'].format(network=network)} :" if lang == "fr"
                      else f"   {words['text'].format(network=network)}:", f"   {text}"]
        lines.append("")
    lines += [words["footer"], "", "— Ambassade"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = SUBJECT[lang].format(week=week)
    message.set_content("\n".join(lines) + "\n")
    return message


def chat_payload(items: list[Approved], week: str, lang: str, kind: str = "slack") -> dict:
    """Slack and Teams (MessageCard-compatible) incoming webhooks both take {"text": ...};
    Teams reads it as Markdown, where a line break needs an empty line."""
    lines = [WORDS[lang]["post"].format(week=week)]
    lines += [f"• {_chat(item.title)} — {_chat(item.url)}" for item in items]
    return {"text": ("\n\n" if kind == "teams" else "\n").join(lines)}


def _plain(text: str) -> str:
    """One line of plain text: a name or a title cannot add lines or headers to the e-mail."""
    return " ".join((text or "").split())[:300]


def _chat(text: str) -> str:
    """Slack's three control characters escaped, so `<!channel>` or `<url|label>` stay text."""
    return _plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
