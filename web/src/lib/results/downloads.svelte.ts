/**
 * The official documents, fetched before they are saved: a plain <a download> would save the
 * server's error body as the file, while this shows its message (NO_WINNERS for certificates).
 */
import { documents, fetchDocument, type DocumentKind } from './api';
import { fileNameOf } from './format';

export class Downloads {
  busy = $state<DocumentKind | null>(null);
  /** The failure of each document's last attempt, worded at display time. */
  failures = $state<Partial<Record<DocumentKind, unknown>>>({});
  saved = $state<{ kind: DocumentKind; name: string } | null>(null);

  constructor(readonly slug: string) {}

  async download(kind: DocumentKind): Promise<void> {
    if (this.busy) return;
    this.busy = kind;
    this.saved = null;
    delete this.failures[kind];
    try {
      const res = await fetchDocument(kind, this.slug);
      const blob = await res.blob();
      const name = fileNameOf(res.headers.get('content-disposition')) ?? documents[kind].file(this.slug);
      save(blob, name);
      this.saved = { kind, name };
    } catch (err) {
      this.failures[kind] = err;
    } finally {
      this.busy = null;
    }
  }
}

/** Hands a blob to the browser's download manager under a file name. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; give slow machines time before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
