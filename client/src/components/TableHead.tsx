import type { ReactNode } from 'react'

/** A table's column headings, in order (a heading may be hidden text, for a column of buttons). */
export function TableHead({ columns }: { columns: ReactNode[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, index) => (
          <th key={index} scope="col">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  )
}
