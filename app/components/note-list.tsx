import type { Note } from "../../disclosures/template-schema";

export function NoteList({ notes, anchor }: { notes: Note[]; anchor?: (id: string) => string }) {
  if (!notes.length) return null;
  return (
    <dl className="note-list">
      {notes.map((n) => (
        <div key={n.id} id={anchor?.(n.id)}>
          <dt>{n.id}</dt>
          <dd className="preserve-lines">{n.text}</dd>
        </div>
      ))}
    </dl>
  );
}
