import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Button, Text } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';
import { useSetupStatus } from '../features/session/session.ts';
import { useSession } from '../features/session/SessionContext.tsx';
import './print-sheet.css';

/** A printout's texts: `<prefix>.print` (the button), `.printHeader` ({{facility}}), `.printFooter` ({{at}}, {{version}}). */
export type PrintMessages = 'vulns.detail' | 'connections.detail' | 'frameworks.detail';

interface PrintState {
  messages: PrintMessages;
  print: () => void;
}
const PrintContext = createContext<PrintState | null>(null);

/**
 * A record page that prints as a sheet (UX.md: A4 portrait, page numbers): on paper only, the facility's name above and
 * the time of printing and mamori's version below. A PrintButton inside prints it.
 */
export function PrintSheet({ messages, children }: { messages: PrintMessages; children: ReactNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { currentFacility } = useSession();
  const version = useSetupStatus().data?.version ?? '';
  const [printedAt, setPrintedAt] = useState(() => new Date().toISOString());
  const print = useCallback(() => {
    setPrintedAt(new Date().toISOString());
    // Let React paint the new time before the print dialog freezes the page.
    window.setTimeout(() => window.print(), 50);
  }, []);
  const state = useMemo(() => ({ messages, print }), [messages, print]);
  return (
    <PrintContext.Provider value={state}>
      <div className="print-sheet">
        <Text className="print-only" size="sm" mb="xs">
          {t(`${messages}.printHeader`, { facility: currentFacility?.name ?? '' })}
        </Text>
        {children}
        <Text className="print-only" size="xs" mt="lg" c="dimmed">
          {t(`${messages}.printFooter`, { at: fmt.dateTime(printedAt), version })}
        </Text>
      </div>
    </PrintContext.Provider>
  );
}

/** The button that prints the PrintSheet around it (stamping the time of printing first). */
export function PrintButton() {
  const { t } = useTranslation();
  const sheet = useContext(PrintContext);
  if (!sheet) throw new Error('PrintButton outside a PrintSheet');
  return (
    <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={sheet.print}>
      {t(`${sheet.messages}.print`)}
    </Button>
  );
}
